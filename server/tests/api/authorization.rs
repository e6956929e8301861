#![allow(clippy::unwrap_used, clippy::expect_used)]
//! SECURITY 3-5: every registered server function, called as anonymous, resident,
//! facilitator of another assembly, facilitator (of the assembly acted on) and coordinator,
//! answers as `app::api::access::ACCESS` says: refused (401
//! for anonymous, 403 — or 404 for what the caller may not even see — for the others) or
//! not refused (any other answer: done, or a state or input error after the permission
//! check). A server function with no entry in the table, or no call below, fails the test.
//! Each call acts on things made fresh for it, so one caller's success never changes what
//! the next one meets. The plain routes (`PLAIN_ROUTES`: uploads, downloads, exports, the
//! live stream, one-click links) are called the same way.

use crate::both_backends;
use crate::helpers::*;
use app::api::access::{access, Access, ACCESS, PLAIN_ROUTES};
use app::domain::comment::CommentPolicy;
use app::domain::phase::Phase;
use app::domain::role::Role;
use app::entities::{section, user};
use app::services::{amendments, assemblies, clock, comments, committees, lookup, meetings, polls};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PROGRAM: &str =
    "# Habitatge\n\nConstruir 500 habitatges públics cada any.\n\n# Mobilitat\n\nMés bus.\n";
const PASSWORD: &str = "a long enough password";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Resident,
    /// A facilitator (platform role) who facilitates assembly B, never assembly A.
    OtherFacilitator,
    /// A facilitator (platform role) who facilitates assembly A, the one acted on.
    Facilitator,
    Coordinator,
}

fn refused_expected(a: Access, c: Caller) -> bool {
    match (a, c) {
        (Access::Anyone, _) => false,
        (_, Caller::Anonymous) => true,
        (Access::Account, _) => false,
        (Access::Author, _) => true,
        (Access::Facilitator, Caller::Resident) => true,
        (Access::Facilitator, _) => false,
        (Access::AssemblyFacilitator, Caller::Facilitator | Caller::Coordinator) => false,
        (Access::AssemblyFacilitator, _) => true,
        (Access::Coordinator, Caller::Coordinator) => false,
        (Access::Coordinator, _) => true,
        // The section acted on belongs to a committee whose only member is `Facilitator`.
        (Access::Committee, Caller::Facilitator | Caller::Coordinator) => false,
        (Access::Committee, _) => true,
    }
}

struct Fixture {
    app: TestApp,
    author: user::Model,
    facilitator: user::Model,
    coordinator: user::Model,
    /// Assembly A (facilitated by `facilitator`): (id, address).
    assembly: (app::domain::ids::AssemblyId, String),
    /// In its amendments phase.
    open: (String, i32),
    /// In its voting phase.
    voting: String,
    /// For schedule changes.
    spare: String,
    n: std::sync::atomic::AtomicUsize,
}

async fn program(app: &TestApp, title: &str, phase: Phase) -> (String, i32) {
    let (imported, sid) = published_program(&app.state().db, title, PROGRAM, Some(phase)).await;
    (imported.slug, sid)
}

async fn account(app: &TestApp, email: &str, role: Role) -> user::Model {
    app.create_user(email, email, PASSWORD, role).await;
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.state().db)
        .await
        .unwrap()
        .unwrap()
}

impl Fixture {
    fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.app.state().db
    }
    fn next(&self) -> usize {
        self.n.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }
    async fn head(&self) -> (i32, String) {
        let s = section::Entity::find_by_id(app::domain::ids::SectionId(self.open.1))
            .one(self.db())
            .await
            .unwrap()
            .unwrap();
        let text = lookup::revision_text(self.db(), s.id, s.head_number)
            .await
            .unwrap();
        (s.head_number, text)
    }
    /// A fresh amendment by the author, published unless `draft`.
    async fn amendment(&self, draft: bool) -> i32 {
        let (head, text) = self.head().await;
        let k = self.next();
        let created = amendments::create(
            self.db(),
            &self.author,
            app::domain::ids::SectionId(self.open.1),
            amendments::Proposal {
                title: &format!("A{k}"),
                text: &format!("{text}\nAfegit {k}."),
                justification: "",
                base_number: head,
                passage: None,
            },
        )
        .await
        .unwrap();
        if !draft {
            amendments::publish(self.db(), &self.author, created.id)
                .await
                .unwrap();
        }
        created.id.get()
    }
    async fn comment(&self) -> i32 {
        let policy = CommentPolicy {
            rate_count: 1_000_000,
            ..self.app.state().config.comments
        };
        comments::post(
            self.db(),
            &policy,
            &self.author,
            lookup::Target::Section(app::domain::ids::SectionId(self.open.1)),
            None,
            None,
            &format!("Comentari {}", self.next()),
            None,
        )
        .await
        .unwrap()
        .id
        .get()
    }
    /// A fresh meeting of assembly A, started an hour ago (`held`) or in a week.
    async fn meeting(&self, held: bool) -> i32 {
        let t = clock::now() + if held { -3600 } else { 7 * 86_400 };
        let (starts, ends) = (
            app::domain::time::datetime_value(t),
            app::domain::time::datetime_value(t + 7200),
        );
        meetings::create_meeting(
            self.db(),
            &self.facilitator,
            self.assembly.0,
            meetings::MeetingInput {
                title: &format!("Trobada {}", self.next()),
                starts_at: &starts,
                ends_at: &ends,
                place: "Casal",
                online_url: "",
                description: "",
                capacity: "",
                agenda: &[format!("s{}", self.open.1)],
            },
        )
        .await
        .unwrap()
        .id
        .get()
    }
    /// A fresh priority recorded at a held meeting of assembly A: the outcome's id.
    async fn priority(&self) -> i32 {
        let m = app::domain::ids::MeetingId(self.meeting(true).await);
        meetings::set_priorities(self.db(), &self.facilitator, m, "Habitatge")
            .await
            .unwrap();
        app::views::assemblies::meeting_page(self.db(), None, m, 1)
            .await
            .unwrap()
            .outcomes[0]
            .id
    }
    async fn vote(&self, closed: bool) -> i32 {
        let t = clock::now();
        let created = polls::create(self.db(), &self.facilitator, measures_vote(&self.voting, t))
            .await
            .unwrap();
        if closed {
            polls::close(self.db(), &self.facilitator, created.id)
                .await
                .unwrap();
        }
        created.id.get()
    }

    /// A fresh roll of one entry (identifier `12345678Z`, born 1990-03-07).
    async fn roll(&self) -> i32 {
        let state = self.app.state();
        let mut import = app::services::rolls::Importer::begin(
            &state.db,
            state.config.roll_key.as_ref(),
            &self.coordinator,
            &format!("Cens {}", self.next()),
            "birth-date",
            "",
        )
        .await
        .unwrap();
        import
            .feed(&state.db, b"12345678Z,1990-03-07\n")
            .await
            .unwrap();
        import.finish(&state.db).await.unwrap().0.id.get()
    }

    /// The fields of a call to `endpoint`, on fresh things. `None`: the test does not know
    /// this server function yet — add it here and to the table.
    async fn fields(&self, endpoint: &str) -> Option<Vec<(String, String)>> {
        let s = |v: &str| v.to_string();
        let id = |v: i32| ("id".to_string(), v.to_string());
        let k = self.next();
        Some(match endpoint {
            "admin/set-role" => vec![
                (s("user_id"), self.author.id.to_string()),
                (s("role"), s("resident")),
            ],
            "admin/audit" => vec![(s("person"), s("fa")), (s("kind"), s("poll"))],
            "admin/users" | "auth/logout" | "auth/me" | "comments/queue" => vec![],
            "notifications/preferences" | "notifications/list" | "notifications/read-all" => {
                vec![]
            }
            "programs/list" | "votes/list" | "assemblies/list" | "dashboard/get"
            | "dashboard/queue" => vec![],
            "search" => vec![(s("q"), "text".into())],
            "assemblies/get" | "meetings/new-form" => {
                let key = if endpoint == "assemblies/get" {
                    "slug"
                } else {
                    "assembly"
                };
                vec![(s(key), self.assembly.1.clone())]
            }
            "assemblies/create" => vec![
                (s("name"), format!("Assemblea {k}")),
                (s("kind"), s("thematic")),
            ],
            "assemblies/update" => vec![
                id(self.assembly.0.get()),
                (s("name"), s("Assemblea A")),
                (s("kind"), s("territorial")),
                (s("description"), format!("Descripció {k}")),
            ],
            "assemblies/facilitator" => {
                let fresh = assemblies::create(
                    self.db(),
                    &self.coordinator,
                    &format!("Fresca {k}"),
                    "thematic",
                    "",
                )
                .await
                .unwrap();
                vec![
                    id(fresh.id.get()),
                    (s("email"), self.author.email.clone()),
                    (s("on"), s("true")),
                ]
            }
            "assemblies/join" => vec![id(self.assembly.0.get()), (s("join"), s("true"))],
            "meetings/get" | "meetings/pack" => vec![id(self.meeting(false).await)],
            "meetings/save" => vec![
                (s("assembly_id"), self.assembly.0.to_string()),
                (s("title"), format!("Nova trobada {k}")),
                (
                    s("starts_at"),
                    app::domain::time::datetime_value(clock::now() + 86_400),
                ),
                (
                    s("ends_at"),
                    app::domain::time::datetime_value(clock::now() + 90_000),
                ),
                (s("place"), s("Casal")),
            ],
            "meetings/register" => vec![id(self.meeting(false).await), (s("register"), s("true"))],
            "meetings/record" => vec![
                id(self.meeting(true).await),
                (s("guests"), s("3")),
                (s("minutes"), s("Acta.")),
            ],
            "meetings/adopt" => {
                let (head, text) = self.head().await;
                vec![
                    id(self.meeting(true).await),
                    (s("section_id"), self.open.1.to_string()),
                    (s("base_number"), head.to_string()),
                    (s("title"), format!("De la sala {k}")),
                    (s("text"), format!("{text}\nSala {k}.")),
                ]
            }
            "meetings/room-vote" => vec![
                id(self.meeting(true).await),
                (s("amendment_id"), self.amendment(false).await.to_string()),
                (s("votes_for"), s("12")),
                (s("votes_against"), s("3")),
            ],
            "votes/room-form" => vec![
                (s("meeting"), self.meeting(true).await.to_string()),
                (s("vote"), self.vote(false).await.to_string()),
            ],
            "votes/room-enter" => {
                let m = self.meeting(true).await;
                meetings::record(
                    self.db(),
                    &self.facilitator,
                    app::domain::ids::MeetingId(m),
                    &[],
                    "5",
                    "",
                )
                .await
                .unwrap();
                vec![
                    (s("meeting"), m.to_string()),
                    (s("vote"), self.vote(false).await.to_string()),
                    (s("count"), s("1")),
                    (s("marks[rank_1]"), s("1")),
                ]
            }
            "meetings/priorities" => vec![
                id(self.meeting(true).await),
                (s("priorities"), s("Habitatge\nMobilitat")),
            ],
            "meetings/remove-outcome" => vec![id(self.priority().await)],
            "amendments/accept" | "amendments/support" | "amendments/unsupport" => {
                vec![id(self.amendment(false).await)]
            }
            "admin/time-zone" => vec![],
            "amendments/recommend" => vec![
                id(self.amendment(false).await),
                (s("kind"), s("rejected")),
                (s("reason"), s("Fora de l'abast.")),
            ],
            "admin/set-time-zone" => vec![(s("zone"), s("UTC"))],
            "amendments/accept-changed" => {
                let a = self.amendment(false).await;
                let (_, text) = self.head().await;
                vec![
                    id(a),
                    (s("text"), format!("{text}\nAfegit, en altres paraules.")),
                    (s("reason"), s("Més clar.")),
                ]
            }
            "amendments/withdraw" => vec![id(self.amendment(false).await), (s("reason"), s("no"))],
            "amendments/get" => vec![id(self.amendment(false).await)],
            "amendments/merge-draft" => vec![
                id(self.open.1),
                (
                    s("ids"),
                    format!(
                        "{},{}",
                        self.amendment(false).await,
                        self.amendment(false).await
                    ),
                ),
            ],
            "amendments/merge" => {
                let ids = format!(
                    "{},{}",
                    self.amendment(false).await,
                    self.amendment(false).await
                );
                let (_, text) = self.head().await;
                vec![
                    (s("section_id"), self.open.1.to_string()),
                    (s("ids"), ids),
                    (s("title"), format!("Fusió {k}")),
                    (s("text"), format!("{text}\nFusió {k}.")),
                    (
                        s("deadline"),
                        app::domain::time::datetime_value(clock::now() + 2 * 86_400),
                    ),
                ]
            }
            "amendments/merge-answer" => {
                let sources = [
                    app::domain::ids::AmendmentId(self.amendment(false).await),
                    app::domain::ids::AmendmentId(self.amendment(false).await),
                ];
                let (_, text) = self.head().await;
                let merged = amendments::propose_merge(
                    self.db(),
                    &self.coordinator,
                    app::domain::ids::SectionId(self.open.1),
                    &sources,
                    amendments::MergeProposal {
                        title: &format!("Fusió {k}"),
                        text: &format!("{text}\nFusió {k}."),
                        justification: "",
                        deadline: clock::now() + 2 * 86_400,
                    },
                )
                .await
                .unwrap();
                vec![
                    id(merged.id.get()),
                    (s("source"), sources[0].to_string()),
                    (s("answer"), s("keep")),
                ]
            }
            "amendments/similar" => {
                let (head, text) = self.head().await;
                vec![
                    (s("section_id"), self.open.1.to_string()),
                    (s("base_number"), head.to_string()),
                    (s("text"), format!("{text}\nSimilar {k}.")),
                ]
            }
            "committees/list" => vec![(s("slug"), self.open.0.clone())],
            "committees/set" => vec![
                (s("program"), self.spare.clone()),
                (s("name"), format!("Comissió {k}")),
                (s("sections[1]"), s("on")),
                (s("members[1]"), s("on")),
            ],
            "committees/remove" => {
                let (spare, _) = (self.spare.clone(), ());
                let p = lookup::program_by_slug(self.db(), &spare, Some(&self.coordinator))
                    .await
                    .unwrap();
                let first = section::Entity::find()
                    .filter(section::Column::ProgramId.eq(p.id))
                    .one(self.db())
                    .await
                    .unwrap()
                    .unwrap();
                let made = committees::set(
                    self.db(),
                    &self.coordinator,
                    p.id,
                    None,
                    committees::CommitteeForm {
                        name: &format!("Temporal {k}"),
                        sections: &[first.id],
                        members: &[self.facilitator.id],
                        assembly: None,
                    },
                )
                .await
                .unwrap();
                vec![id(made.id.get()), (s("program"), spare)]
            }
            "amendments/publish" => vec![id(self.amendment(true).await)],
            "amendments/reject" => vec![id(self.amendment(false).await), (s("reason"), s("no"))],
            "amendments/resolve" => {
                let (head, _) = self.head().await;
                vec![
                    id(self.amendment(false).await),
                    (s("head"), head.to_string()),
                ]
            }
            "amendments/create" | "amendments/edit" => {
                let (head, text) = self.head().await;
                let mut f = vec![
                    (s("base_number"), head.to_string()),
                    (s("title"), format!("Nova {k}")),
                    (s("text"), format!("{text}\nNou {k}.")),
                    (s("justification"), s("")),
                ];
                if endpoint == "amendments/create" {
                    f.push((s("section_id"), self.open.1.to_string()));
                } else {
                    f.push(id(self.amendment(false).await));
                }
                f
            }
            "auth/activate" => vec![(s("token"), s("not-a-token"))],
            "auth/change-password" => vec![
                (s("current_password"), s("wrong wrong wrong")),
                (s("new_password"), s("another long password")),
                (s("confirm_password"), s("another long password")),
            ],
            "auth/login" => vec![
                (s("email"), s("login@example.org")),
                (s("password"), s(PASSWORD)),
            ],
            "auth/request-reset" => vec![(s("email"), s("nobody@example.org"))],
            "auth/claim" => vec![
                (s("login"), s("p-ABCDEFGH")),
                (s("code"), s("AAAA-BBBB-CCCC-DDDD")),
                (s("new_password"), s("another long password")),
                (s("confirm_password"), s("another long password")),
            ],
            "meetings/paper-account" => vec![
                id(self.meeting(true).await),
                (s("display_name"), format!("Veïna {k}")),
            ],
            "meetings/paper-slip" => vec![id(self.meeting(true).await)],
            "auth/reset-password" => vec![
                (s("token"), s("not-a-token")),
                (s("new_password"), s("another long password")),
                (s("confirm_password"), s("another long password")),
            ],
            "auth/signup" => vec![
                (s("email"), format!("new{k}@example.org")),
                (s("display_name"), format!("New {k}")),
                (s("password"), s(PASSWORD)),
            ],
            "auth/update-profile" => vec![(s("display_name"), s("Same Name"))],
            "comments/delete" | "comments/locate" => vec![id(self.comment().await)],
            "comments/edit" => vec![id(self.comment().await), (s("body"), s("Edited."))],
            "comments/moderate" => vec![
                id(self.comment().await),
                (s("action"), s("hide")),
                (s("why"), s("test")),
            ],
            "comments/post" => vec![
                (s("target"), s("section")),
                id(self.open.1),
                (s("body"), format!("Hola {k}")),
            ],
            "comments/report" => vec![id(self.comment().await), (s("reason"), s("spam"))],
            "comments/thread" => vec![(s("target"), s("section")), id(self.open.1)],
            "comments/vote" => vec![id(self.comment().await), (s("value"), s("1"))],
            "follows/get" => vec![(s("kind"), s("section")), id(self.open.1)],
            "follows/set" => vec![
                (s("kind"), s("section")),
                id(self.open.1),
                (s("follow"), s("true")),
            ],
            "notifications/deliver" => vec![(s("choices[reply]"), s("app"))],
            "notifications/unsubscribe" => vec![(s("token"), s("not-a-token"))],
            "programs/advance" => vec![(s("slug"), self.spare.clone()), (s("phase"), s("voting"))],
            "programs/get" | "programs/amendments" => vec![(s("slug"), self.open.0.clone())],
            "programs/schedule" => vec![
                (s("slug"), self.spare.clone()),
                (s("amendments"), s("2026-01-01T00:00")),
            ],
            "programs/set-state" => vec![
                (s("slug"), self.spare.clone()),
                (s("publish"), s("true")),
                (s("amendments_open"), s("true")),
            ],
            "sections/compare" => vec![id(self.open.1), (s("from"), s("1")), (s("to"), s("1"))],
            "sections/get" | "sections/history" | "sections/provenance" => vec![id(self.open.1)],
            "votes/apply" | "votes/results" | "votes/voters" => vec![id(self.vote(true).await)],
            "votes/cast" => vec![id(self.vote(false).await), (s("ranking"), s("1"))],
            "votes/close" | "votes/get" => vec![id(self.vote(false).await)],
            "votes/receipt" => vec![id(self.vote(false).await), (s("code"), s("AAAA-BBBB"))],
            "votes/create" => vec![
                (s("program"), self.voting.clone()),
                (s("kind"), s("measures")),
                (s("title"), s("Una altra")),
                (s("measures"), s("X\nY")),
                (s("method"), s("schulze")),
                (s("tie"), s("none")),
                (s("eligibility"), s("residents")),
                (
                    s("closes_at"),
                    app::domain::time::datetime_value(clock::now() + 7200),
                ),
            ],
            "votes/new-form" => vec![(s("program"), self.voting.clone())],
            "rolls/list" => vec![],
            "rolls/get" | "rolls/delete" => vec![id(self.roll().await)],
            "rolls/verify" => vec![
                id(self.roll().await),
                (s("identifier"), s("99999999R")),
                (s("factor"), s("1990-03-07")),
            ],
            "rolls/release" => vec![id(self.roll().await), (s("identifier"), s("12345678Z"))],
            _ => return None,
        })
    }
}

both_backends!(
    every_server_function_answers_as_the_table_says,
    |backend| async move {
        let app = spawn_app(backend).await;
        let author = account(&app, "author@example.org", Role::Resident).await;
        let facilitator = account(&app, "fa@example.org", Role::Facilitator).await;
        account(&app, "resident@example.org", Role::Resident).await;
        account(&app, "fb@example.org", Role::Facilitator).await;
        let coordinator = account(&app, "co@example.org", Role::Coordinator).await;
        account(&app, "login@example.org", Role::Resident).await;
        let open = program(&app, "Obert", Phase::Amendments).await;
        let open_program = lookup::program_by_slug(&app.state().db, &open.0, None)
            .await
            .unwrap();
        let (voting, _) = program(&app, "Votació", Phase::Voting).await;
        let (spare, _) = program(&app, "Reserva", Phase::Deliberation).await;
        let db = &app.state().db;
        let a = assemblies::create(db, &coordinator, "Assemblea A", "territorial", "")
            .await
            .unwrap();
        let b = assemblies::create(db, &coordinator, "Assemblea B", "thematic", "")
            .await
            .unwrap();
        assemblies::set_facilitator(db, &coordinator, a.id, "fa@example.org", true)
            .await
            .unwrap();
        assemblies::set_facilitator(db, &coordinator, b.id, "fb@example.org", true)
            .await
            .unwrap();
        // The open program's first chapter is decided by a committee: `fa` alone.
        committees::set(
            db,
            &coordinator,
            open_program.id,
            None,
            committees::CommitteeForm {
                name: "Habitatge",
                sections: &[app::domain::ids::SectionId(open.1)],
                members: &[facilitator.id],
                assembly: None,
            },
        )
        .await
        .unwrap();
        let f = Fixture {
            assembly: (a.id, a.slug),
            coordinator,
            app,
            author,
            facilitator,
            open,
            voting,
            spare,
            n: Default::default(),
        };
        let base = f.app.base.clone();
        let client_for_caller = |c: Caller| {
            let app = &f.app;
            async move {
                let client = app.client();
                let email = match c {
                    Caller::Anonymous => return client,
                    Caller::Resident => "resident@example.org",
                    Caller::OtherFacilitator => "fb@example.org",
                    Caller::Facilitator => "fa@example.org",
                    Caller::Coordinator => "co@example.org",
                };
                assert_eq!(
                    login(&client, &app.base, email, PASSWORD).await.status(),
                    200
                );
                client
            }
        };
        let callers = [
            Caller::Anonymous,
            Caller::Resident,
            Caller::OtherFacilitator,
            Caller::Facilitator,
            Caller::Coordinator,
        ];
        let mut clients = Vec::new();
        for c in callers {
            clients.push((c, client_for_caller(c).await));
        }

        // Every registered server function is in the table, and every table entry is served.
        let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.trim_start_matches("/api/").to_string())
            .collect();
        for endpoint in &registered {
            assert!(
                access(endpoint).is_some(),
                "server function {endpoint} has no entry in app::api::access::ACCESS"
            );
        }
        for (endpoint, _) in ACCESS {
            assert!(
                registered.iter().any(|r| r == endpoint),
                "{endpoint} is in the table but not served"
            );
        }

        let mut failures = Vec::new();
        for (endpoint, rule) in ACCESS {
            for (caller, client) in &clients {
                let fields = f
                    .fields(endpoint)
                    .await
                    .unwrap_or_else(|| panic!("no call for {endpoint} in the authorization test"));
                // Logging in, out or signing up changes the session itself: those run on a
                // client of their own (they are open to anyone).
                let own;
                let client = if matches!(*endpoint, "auth/login" | "auth/logout" | "auth/signup") {
                    own = f.app.client();
                    &own
                } else {
                    client
                };
                let pairs: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let res = call(client, &base, endpoint, &pairs).await;
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                let refused = match caller {
                    Caller::Anonymous => status == 401,
                    _ => status == 403 && !body.contains("NotNow") || status == 404,
                };
                let expected = refused_expected(*rule, *caller);
                if refused != expected || status >= 500 {
                    failures.push(format!(
                        "{endpoint} as {caller:?}: {status} {body} (table: {rule:?})"
                    ));
                }
            }
        }
        // The plain routes: each row of PLAIN_ROUTES, called as every caller. The router is
        // built from the same table, so a route missing from it cannot be served.
        for (method, path, rule) in PLAIN_ROUTES {
            for (caller, client) in &clients {
                let url = match *path {
                    "/assemblies/{slug}/meetings.ics" => {
                        format!("/assemblies/{}/meetings.ics", f.assembly.1)
                    }
                    "/export/{file}" => "/export/amendments.csv".to_string(),
                    "/healthz" => "/healthz".to_string(),
                    "/lang/{code}" => "/lang/ca".to_string(),
                    "/meetings/{id}.ics" => format!("/meetings/{}.ics", f.meeting(false).await),
                    "/live/comments/{kind}/{id}" => format!("/live/comments/section/{}", f.open.1),
                    "/programs/{slug}/export/{format}" => {
                        format!("/programs/{}/export/md", f.open.0)
                    }
                    "/votes/{id}/ballots/{format}" => {
                        format!("/votes/{}/ballots/blt", f.vote(true).await)
                    }
                    "/programs/import" => "/programs/import".to_string(),
                    "/rolls/import" => "/rolls/import".to_string(),
                    "/unsubscribe" => "/unsubscribe?token=not-a-token".to_string(),
                    other => {
                        panic!("no call for the plain route {other} in the authorization test")
                    }
                };
                let request = match *method {
                    "GET" => client.get(format!("{base}{url}")),
                    _ if *path == "/programs/import" => {
                        let n = f.next();
                        let form = reqwest::multipart::Form::new()
                            .text("title", format!("Importat {n}"))
                            .text("markdown", PROGRAM);
                        client.post(format!("{base}{url}")).multipart(form)
                    }
                    _ if *path == "/rolls/import" => {
                        let n = f.next();
                        let form = reqwest::multipart::Form::new()
                            .text("name", format!("Cens {n}"))
                            .text("factor", "birth-date")
                            .text("list", "12345678Z,1990-03-07\n");
                        client.post(format!("{base}{url}")).multipart(form)
                    }
                    _ => client
                        .post(format!("{base}{url}"))
                        .form(&[("List-Unsubscribe", "One-Click")]),
                };
                let res = request.send().await.unwrap();
                let status = res.status().as_u16();
                // A plain form post answers with a redirect that carries the error.
                let location = res
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                drop(res);
                let denied_by_redirect = status == 303
                    && (location.contains("LoginRequired") || location.contains("Forbidden"));
                let refused = match caller {
                    Caller::Anonymous => status == 401 || denied_by_redirect,
                    _ => status == 403 || status == 404 || denied_by_redirect,
                };
                let expected = refused_expected(*rule, *caller);
                if refused != expected || status >= 500 {
                    failures.push(format!(
                        "{method} {url} as {caller:?}: {status} {location} (table: {rule:?})"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);
