//! Tests of the vote rules: options, phases, eligibility, the ballot log and its chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use proptest::prelude::*;

const FOUR: [bool; 4] = [false; 4];

#[test]
fn the_lot_needs_the_secret_and_the_commitment_binds_it() {
    assert_eq!(
        lot_commitment(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let head = "ab".repeat(32);
    assert_ne!(lot_seed(&head, "secret one"), lot_seed(&head, "secret two"));
    assert_ne!(lot_seed(&head, "s"), lot_seed(&"cd".repeat(32), "s"));
    assert_eq!(lot_seed(&head, "s"), lot_seed(&head, "s"));
}

#[test]
fn reads_rankings_with_equal_ranks_and_partial_ballots() {
    let r = Ranking::parse("2>1=3", &FOUR).unwrap();
    assert_eq!(r.0, vec![vec![2], vec![1, 3]]);
    assert_eq!(r.to_string(), "2>1=3");
    assert_eq!(
        Ranking::parse(" 3=1 > 2 ", &FOUR).unwrap().to_string(),
        "1=3>2"
    );
    assert_eq!(r.rank_of(2), Some(1));
    assert_eq!(r.rank_of(3), Some(2));
    assert_eq!(r.rank_of(4), None);
    assert_eq!(r.to_tally(), vec![vec![1], vec![0, 2]]);
}

#[test]
fn refuses_malformed_rankings() {
    use PollError::*;
    let withdrawn = [false, false, true, false];
    for (text, err) in [
        ("", EmptyRanking),
        ("1>1", DuplicateOption(1)),
        ("1=2>2", DuplicateOption(2)),
        ("5", UnknownOption(5)),
        ("0>1", UnknownOption(0)),
        ("3>1", WithdrawnOption(3)),
        ("1>>2", Malformed),
        ("1>a", Malformed),
        ("-1", Malformed),
        ("1;DROP TABLE ballots", Malformed),
        ("99999999999999999999999", Malformed),
        ("1>2>4>1", DuplicateOption(1)),
    ] {
        assert_eq!(Ranking::parse(text, &withdrawn), Err(err), "{text:?}");
    }
    assert_eq!(Ranking::parse(&"1>".repeat(30), &withdrawn), Err(Malformed));
}

#[test]
fn reads_numbered_choices() {
    let r = Ranking::from_ranks([(1, "2"), (2, ""), (3, "1"), (4, "2")], &FOUR).unwrap();
    assert_eq!(r.to_string(), "3>1=4");
    // Gaps close: 1 and 3 read as first and second.
    let r = Ranking::from_ranks([(1, "3"), (2, "1")], &FOUR).unwrap();
    assert_eq!(r.to_string(), "2>1");
    assert_eq!(
        Ranking::from_ranks([(1, "5")], &FOUR),
        Err(PollError::RankOutOfRange(5))
    );
    assert_eq!(
        Ranking::from_ranks([(1, "0")], &FOUR),
        Err(PollError::RankOutOfRange(0))
    );
    assert_eq!(
        Ranking::from_ranks([(1, "x")], &FOUR),
        Err(PollError::Malformed)
    );
    assert_eq!(
        Ranking::from_ranks([(1, ""), (2, " ")], &FOUR),
        Err(PollError::EmptyRanking)
    );
    assert_eq!(
        Ranking::from_ranks([(1, "1"), (1, "2")], &FOUR),
        Err(PollError::DuplicateOption(1))
    );
    assert_eq!(
        Ranking::from_ranks([(7, "1")], &FOUR),
        Err(PollError::UnknownOption(7))
    );
}

#[test]
fn settings_fit_the_method() {
    assert!(check_settings(Method::Schulze, 1, 3).is_ok());
    assert_eq!(
        check_settings(Method::Schulze, 2, 3),
        Err(PollError::SingleSeat)
    );
    assert!(check_settings(Method::StvMeek, 2, 5).is_ok());
    assert_eq!(check_settings(Method::StvMeek, 5, 5), Err(PollError::Seats));
    assert_eq!(check_settings(Method::StvMeek, 0, 5), Err(PollError::Seats));
    assert_eq!(
        check_settings(Method::Irv, 1, 1),
        Err(PollError::OptionCount)
    );
    // Approval and score choose the `seats` best; a method votes do not use is refused.
    assert!(check_settings(Method::Approval, 2, 3).is_ok());
    assert!(check_settings(Method::Score, 1, 3).is_ok());
    assert_eq!(
        check_settings(Method::Condorcet, 1, 3),
        Err(PollError::BadSetting)
    );
}

#[test]
fn phases_follow_the_clock() {
    assert_eq!(Phase::at(10, 20, 9), Phase::Scheduled);
    assert_eq!(Phase::at(10, 20, 10), Phase::Open);
    assert_eq!(Phase::at(10, 20, 19), Phase::Open);
    assert_eq!(Phase::at(10, 20, 20), Phase::Closed);
    assert!(Eligibility::RegisteredBefore.admits(9, 10, false));
    assert!(!Eligibility::RegisteredBefore.admits(10, 10, true));
    assert!(Eligibility::Residents.admits(11, 10, false));
    assert!(Eligibility::Assemblies.admits(11, 10, true));
    assert!(!Eligibility::Assemblies.admits(9, 10, false));
    assert!(Eligibility::Roll.admits(11, 10, true));
    assert!(!Eligibility::Roll.admits(9, 10, false));
    assert_eq!(
        Eligibility::ALL.map(Eligibility::as_str),
        ["residents", "registered-before", "assemblies", "roll"]
    );
}

#[test]
fn names_are_safe_for_the_ballot_files_and_unique() {
    let names = tally_names(&[
        "Housing: 8,000 homes > 5,000".into(),
        "Housing  8 000 homes   5 000".into(),
        "\"#=\"".into(),
        "x".repeat(200),
    ]);
    assert_eq!(names[0], "Housing 8 000 homes 5 000");
    assert_eq!(names[1], "Housing 8 000 homes 5 000 (2)");
    assert_eq!(names[2], "Option 3");
    assert_eq!(names[3].chars().count(), NAME_MAX);
}

#[test]
fn receipts_are_readable_and_hashed_as_typed() {
    let code = receipt_code([0xff; 10]);
    assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    let code = receipt_code([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(code.len(), 19);
    assert_eq!(
        receipt_hash(&code),
        receipt_hash(&code.to_lowercase().replace('-', " "))
    );
    assert_eq!(receipt_hash("a").len(), 64);
}

fn chain(poll: i32, rankings: &[(&str, &str, Option<&str>)]) -> Vec<LogEntry> {
    let mut prev = genesis(poll);
    let mut out = Vec::new();
    for (i, (receipt, ranking, replaces)) in rankings.iter().enumerate() {
        let seq = i as i32 + 1;
        let replaces = replaces.map(receipt_hash);
        let rh = receipt_hash(receipt);
        let hash = entry_hash(&prev, seq, &rh, ranking, replaces.as_deref());
        out.push(LogEntry {
            seq,
            receipt_hash: rh,
            ranking: ranking.to_string(),
            replaces,
            prev_hash: prev.clone(),
            hash: hash.clone(),
            room: None,
        });
        prev = hash;
    }
    out
}

#[test]
fn the_chain_verifies_and_any_change_is_found() {
    let log = chain(
        7,
        &[
            ("A", "1>2", None),
            ("B", "2", None),
            ("C", "2>1", Some("A")),
        ],
    );
    let checked = verify_chain(7, &log).unwrap();
    assert_eq!(checked.head, log[2].hash);
    assert_eq!(checked.current.len(), 2);
    assert!(checked
        .current
        .contains(&(receipt_hash("C"), "2>1".to_string())));
    assert!(verify_chain(8, &log).is_err(), "another vote's genesis");
    let mut changed = log.clone();
    changed[1].ranking = "1".into();
    assert_eq!(verify_chain(7, &changed).unwrap_err().seq, 2);
    let mut dropped = log.clone();
    dropped.remove(1);
    assert!(verify_chain(7, &dropped).is_err());
    let twice = chain(
        7,
        &[
            ("A", "1", None),
            ("D", "2", Some("A")),
            ("E", "1", Some("A")),
        ],
    );
    assert_eq!(verify_chain(7, &twice).unwrap_err().seq, 3);
}

#[test]
fn room_entries_are_chained_with_their_meeting_and_weight() {
    let mut log = chain(7, &[("A", "1>2", None)]);
    let prev = log[0].hash.clone();
    let room = Room {
        meeting: 3,
        weight: 12,
    };
    let rh = room_receipt_hash(7, 2);
    log.push(LogEntry {
        seq: 2,
        hash: room_entry_hash(&prev, 2, &rh, "2>1", room),
        receipt_hash: rh,
        ranking: "2>1".into(),
        replaces: None,
        prev_hash: prev,
        room: Some(room),
    });
    let checked = verify_chain(7, &log).unwrap();
    assert_eq!(checked.rooms, vec![(room, "2>1".to_string())]);
    assert_eq!(
        checked.current.len(),
        1,
        "a room's entry is no one's ballot"
    );
    // More ballots, another meeting, an online entry passed off as the room's: all found.
    for tamper in [
        |e: &mut LogEntry| {
            e.room = Some(Room {
                meeting: 3,
                weight: 13,
            })
        },
        |e: &mut LogEntry| {
            e.room = Some(Room {
                meeting: 4,
                weight: 12,
            })
        },
        |e: &mut LogEntry| e.room = None,
    ] {
        let mut bad = log.clone();
        tamper(&mut bad[1]);
        assert_eq!(verify_chain(7, &bad).unwrap_err().seq, 2);
    }
}

proptest! {

    #[test]
    fn canonical_text_reads_back_the_same(order in proptest::collection::vec(0usize..6, 1..6), cuts in proptest::collection::vec(any::<bool>(), 6)) {
        let withdrawn = [false; 6];
        let mut seen = Vec::new();
        for p in order { if !seen.contains(&(p + 1)) { seen.push(p + 1); } }
        let mut text = String::new();
        for (i, p) in seen.iter().enumerate() {
            if i > 0 { text.push(if cuts[i] { '>' } else { '=' }); }
            text.push_str(&p.to_string());
        }
        let r = Ranking::parse(&text, &withdrawn).unwrap();
        let again = Ranking::parse(&r.to_string(), &withdrawn).unwrap();
        prop_assert_eq!(&again, &r);
        // Numbered choices made from it read back the same ranking.
        let ranks: Vec<(usize, String)> = (1..=6).map(|p| (p, r.rank_of(p).map(|k| k.to_string()).unwrap_or_default())).collect();
        let from_form = Ranking::from_ranks(ranks.iter().map(|(p, k)| (*p, k.as_str())), &withdrawn).unwrap();
        prop_assert_eq!(from_form, r);
    }
}
