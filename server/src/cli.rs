//! The `redacta` command line. Subcommand names and flags are an interface: scripts depend
//! on them, so keep them stable.

use crate::dev::{demo, seed};
use anyhow::{bail, Context};
use app::domain::role::Role;
use app::services::{accounts, config::Config, db};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "redacta",
    version,
    about = "Redacta: residents co-write a municipal program."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `redacta` alone serves, with these flags.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application (the default).
    Serve(ServeArgs),
    /// Apply the database migrations and exit.
    Migrate(DbArgs),
    /// Create an activated account; the password is read from standard input.
    CreateUser(CreateUserArgs),
    /// Import a program from a Markdown file (headings become sections); prints its slug.
    /// Importing again under the same title replaces the program until it is published.
    Import(ImportArgs),
    /// Write a program's current text to standard output.
    Export(ExportArgs),
    /// Import an eligibility roll (a census or membership list: one `identifier,second
    /// factor` per line) as keyed hashes; prints what was read. For lists too large to
    /// upload in a browser; the rolls page (/admin/rolls) takes the same files.
    ImportRoll(ImportRollArgs),
    /// Send what is due now: timed notices (votes opening and closing, meetings tomorrow,
    /// phases starting), notice e-mails at once and the daily digests (`serve` does this
    /// every minute, the digests every hour).
    Digest(DigestArgs),
    /// Count a ballot file (BLT or `N: A>B=C` lines) and print the result.
    Tally(crate::tally::TallyArgs),
    /// Check a vote's hash-chained ballot log: every link, every hash, the head recorded on
    /// the vote, and that the stored ballots are exactly the log's current entries.
    VerifyLog(VerifyLogArgs),
    /// Fill an empty database: `--scale demo` (what `serve --demo` shows a newcomer) or
    /// `--scale city` (a Barcelona-sized process: 25,000 residents, 10 assemblies, 60
    /// sections, 5,000 amendments, 100,000 comments, 150,000 supports, 10 closed votes with
    /// 100,000 ballots). The same `--seed` gives the same data.
    Seed(SeedArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedScale {
    Demo,
    City,
}

#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum, default_value = "demo")]
    pub scale: SeedScale,
    /// The random generator's seed (city scale).
    #[arg(long, default_value_t = 2027)]
    pub seed: u64,
}

#[derive(Args, Debug, Clone)]
pub struct VerifyLogArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The vote's number (as in /votes/NUMBER).
    pub vote: app::domain::ids::PollId,
}

#[derive(Args, Debug, Clone)]
pub struct DigestArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The origin the links in the e-mails start with.
    #[arg(
        long,
        env = "REDACTA_PUBLIC_ORIGIN",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_origin: String,
    /// Where e-mails are written when no SMTP server is set.
    #[arg(long, env = "REDACTA_OUTBOX", default_value = "data/outbox")]
    pub outbox: std::path::PathBuf,
    /// SMTP server, e.g. smtps://user:pass@mail.example.org.
    #[arg(long, env = "REDACTA_SMTP_URL")]
    pub smtp_url: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The Markdown file.
    pub file: PathBuf,
    /// The program's title (its address is made from it).
    #[arg(long)]
    pub title: String,
}

#[derive(Args, Debug, Clone)]
pub struct ImportRollArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub key: RollKeyArgs,
    /// The list: one `identifier,second factor` per line (a comma, semicolon or tab between
    /// them; `#` starts a comment line).
    pub file: PathBuf,
    /// The roll's name, as people see it.
    #[arg(long)]
    pub name: String,
    /// What people type besides their identifier: `birth-date` (the list's dates as
    /// YYYY-MM-DD or DD/MM/YYYY) or `text` (compared loosely, like identifiers).
    #[arg(long, default_value = "birth-date")]
    pub factor: String,
    /// With `--factor text`: what the second factor is called ("Membership number").
    #[arg(long = "factor-label", default_value = "")]
    pub factor_label: String,
    /// The e-mail address of the coordinator importing it (recorded as its author).
    #[arg(long)]
    pub by: String,
}

#[derive(Args, Debug, Clone)]
pub struct RollKeyArgs {
    /// The file holding the key of the eligibility rolls' hashes (64 hex digits; created if
    /// missing). Every app server on one database needs the same file. Default: beside an
    /// SQLite database (`FILE.roll-key`); with PostgreSQL rolls are off without it.
    #[arg(long = "roll-key-file", env = "REDACTA_ROLL_KEY_FILE")]
    pub roll_key_file: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One Markdown file; importing it gives the same program.
    Md,
    /// A print-ready HTML page (sanitized, styles included, no scripts).
    Html,
}

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The program's slug (the last part of its address).
    pub slug: String,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Database URL: `sqlite://path?mode=rwc` (default, created on first start) or
    /// `postgres://user:pass@host/db`.
    #[arg(long = "database-url", env = "DATABASE_URL", default_value = db::DEFAULT_SQLITE_URL)]
    pub database_url: String,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "REDACTA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The origin people use to reach the site (e.g. https://redacta.example.org). Checked
    /// on every form post; https makes cookies Secure.
    #[arg(long = "public-origin", env = "REDACTA_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Behind a reverse proxy: take each client's address (for rate limits) from the last
    /// X-Forwarded-For entry the proxy appends.
    #[arg(long = "trust-forwarded-for", env = "REDACTA_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// E-mails (sign-ups, activation and reset links) one network address may cause per
    /// hour; raise it for an open assembly where the whole room signs up on one Wi-Fi.
    #[arg(
        long = "mail-per-client",
        env = "REDACTA_MAIL_PER_CLIENT",
        default_value_t = 20
    )]
    pub mail_per_client: i32,
    /// Where e-mails are written when no SMTP server is configured.
    #[arg(long, env = "REDACTA_OUTBOX", default_value = "data/outbox")]
    pub outbox: PathBuf,
    /// SMTP server URL, e.g. smtps://user:pass@mail.example.org.
    #[arg(long = "smtp-url", env = "REDACTA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of outgoing e-mail.
    #[arg(
        long = "mail-from",
        env = "REDACTA_MAIL_FROM",
        default_value = "Redacta <no-reply@redacta.localhost>"
    )]
    pub mail_from: String,
    /// On an empty database, add a demo program and demo accounts with a known password.
    #[arg(long)]
    pub demo: bool,
    /// The platform's time zone, an IANA name (e.g. Europe/Madrid): every time people see
    /// or type is in it (storage stays UTC). UTC when unset; Europe/Madrid with --demo.
    #[arg(long = "time-zone", env = "REDACTA_TIME_ZONE")]
    pub time_zone: Option<String>,
    /// Create the SQLite database file if it does not exist. Without it, a missing file is
    /// an error: a deleted or moved database must never be silently replaced by an empty one.
    #[arg(long = "create-database", env = "REDACTA_CREATE_DATABASE")]
    pub create_database: bool,
    /// How deep replies nest in comment threads.
    #[arg(long = "comment-depth", env = "REDACTA_COMMENT_DEPTH", default_value_t = 4,
        value_parser = clap::value_parser!(i32).range(1..=10))]
    pub comment_depth: i32,
    /// Reports after which a comment is hidden pending review.
    #[arg(long = "report-threshold", env = "REDACTA_REPORT_THRESHOLD", default_value_t = 3,
        value_parser = clap::value_parser!(i32).range(1..=100))]
    pub report_threshold: i32,
    /// Comments one person may post per minute.
    #[arg(long = "comments-per-minute", env = "REDACTA_COMMENTS_PER_MINUTE", default_value_t = 5,
        value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub comments_per_minute: u64,
    /// Requests worked on at once by this server; more get 503 with Retry-After.
    #[arg(long = "max-requests", env = "REDACTA_MAX_REQUESTS", default_value_t = 256,
        value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_requests: u64,
    #[command(flatten)]
    pub roll_key: RollKeyArgs,
}

#[derive(Args, Debug, Clone)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// resident, facilitator or coordinator.
    #[arg(long, default_value = "resident")]
    pub role: Role,
}

impl ServeArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut config = Config::new(self.db.database_url.clone());
        if let Some(origin) = &self.public_origin {
            let origin = origin.trim_end_matches('/').to_string();
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.matches('/').count() != 2
            {
                bail!("REDACTA_PUBLIC_ORIGIN must look like https://host[:port], without a path (got {origin:?})");
            }
            config.public_origin = Some(origin);
        }
        config.trust_forwarded_for = self.trust_forwarded_for;
        config.mail_per_client = self.mail_per_client.max(1);
        config.max_concurrent_requests = usize::try_from(self.max_requests).unwrap_or(256);
        config.outbox_dir = self.outbox.clone();
        config.smtp_url = self.smtp_url.clone().filter(|s| !s.is_empty());
        config.mail_from = self.mail_from.clone();
        config.comments.max_depth = self.comment_depth;
        config.comments.report_threshold = self.report_threshold;
        config.comments.rate_count = self.comments_per_minute;
        config.comments.rate_window_secs = 60;
        Ok(config)
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Migrate(args)) => {
            let conn = db::connect(&args.database_url)
                .await
                .context("cannot open the database")?;
            db::migrate(&conn).await.context("migrations failed")?;
            println!(
                "Migrations applied to {}",
                crate::router::redact_url(&args.database_url)
            );
            Ok(())
        }
        Some(Command::CreateUser(args)) => create_user(args).await,
        Some(Command::Import(args)) => import(args).await,
        Some(Command::Export(args)) => export(args).await,
        Some(Command::ImportRoll(args)) => import_roll(args).await,
        Some(Command::Digest(args)) => digest(args).await,
        Some(Command::Tally(args)) => crate::tally::run(args),
        Some(Command::VerifyLog(args)) => verify_log(args).await,
        Some(Command::Seed(args)) => seed(args).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = args.config()?;
    let zone = args
        .time_zone
        .clone()
        .filter(|z| !z.trim().is_empty())
        .unwrap_or_else(|| if args.demo { "Europe/Madrid" } else { "UTC" }.to_string());
    app::domain::time::set_zone(zone.trim())
        .map_err(|e| anyhow::anyhow!("REDACTA_TIME_ZONE: {e}"))?;
    if let Some(path) = db::sqlite_file(&config.database_url) {
        if !path.exists() && !args.create_database {
            bail!(
                "the database file {} does not exist. If this is a new installation, start once \
                 with --create-database; if it was deleted or moved, restore it first (an empty \
                 database would silently replace everything).",
                path.display()
            );
        }
    }
    let (key, note) =
        crate::rolls::resolve_key(args.roll_key.roll_key_file.as_deref(), &config.database_url)?;
    if let Some(note) = note {
        println!("{note}");
    }
    if key.is_none() {
        println!(
            "No roll key (REDACTA_ROLL_KEY_FILE or --roll-key-file): eligibility rolls are off."
        );
    }
    config.roll_key = key;
    let running = crate::router::start(config, args.addr).await?;
    // A zone a coordinator chose in the app wins over the one given at start.
    app::services::settings::apply_stored(&running.state.db)
        .await
        .map_err(|e| anyhow::anyhow!("reading the settings failed: {e}"))?;
    let url = format!("http://{}", running.addr);
    if args.demo {
        let seeded = demo::seed_if_empty(&running.state)
            .await
            .map_err(|e| anyhow::anyhow!("demo seed failed: {e}"))?;
        if seeded {
            println!("Demo content added to the empty database.");
        }
        println!("Demo log-ins (password \"{}\"):", demo::DEMO_PASSWORD);
        for (email, _, role) in demo::DEMO_ACCOUNTS {
            println!("  {role:<12} {email}");
        }
        if running.state.config.roll_key.is_some() {
            let (id, born) = demo::DEMO_ROLL_PEOPLE[0];
            println!("Demo roll (Gràcia members' list): identifier {id}, birth date {born}");
        }
    }
    // Timed notices (votes opening and closing, meetings tomorrow, phases starting) every
    // minute; with a public origin, mail at once every minute and the daily digests every
    // hour (each person gets at most one a day). Several app servers never send the same
    // notice or mail twice.
    {
        let state = running.state.clone();
        let origin = running.state.config.public_origin.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut minute: u64 = 0;
            loop {
                every.tick().await;
                send_notices(&state, origin.as_deref(), minute.is_multiple_of(60)).await;
                minute += 1;
            }
        });
    }
    let url = running.state.config.public_origin.clone().unwrap_or(url);
    if running.state.config.public_origin.is_none() {
        println!(
            "No public origin set (REDACTA_PUBLIC_ORIGIN or --public-origin): no e-mail will be \
             sent, so sign-up, password resets and digests are off. Links in e-mail are never \
             built from request headers."
        );
    }
    println!(
        "Redacta is running at {url}  (site files: {})",
        running.state.leptos_options.site_root
    );
    tracing::info!(%url, "serve.started");
    running.wait().await;
    Ok(())
}

/// One round of the notice worker (see `serve`); failures are logged, never fatal.
async fn send_notices(state: &app::web::state::AppState, origin: Option<&str>, digests: bool) {
    let log = |what: &str, result: Result<usize, app::error::AppError>| match result {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, what, "notices.sent"),
        Err(err) => {
            tracing::error!(error = %app::error::cause_chain(&err), what, "notices.failed")
        }
    };
    // A time zone chosen on another app server reaches this one within a minute.
    if let Err(err) = app::services::settings::apply_stored(&state.db).await {
        tracing::error!(error = %app::error::cause_chain(&err), "settings.reload failed");
    }
    log(
        "timed notices",
        app::services::reminders::run_due(&state.db).await,
    );
    if let Some(origin) = origin {
        log(
            "mail at once",
            app::services::digest::mail_due(&state.db, &state.mailer, origin).await,
        );
        if digests {
            log(
                "digests",
                app::services::digest::send_due(&state.db, &state.mailer, origin).await,
            );
        }
    }
}

async fn digest(args: DigestArgs) -> anyhow::Result<()> {
    if let Some(zone) = std::env::var("REDACTA_TIME_ZONE")
        .ok()
        .filter(|z| !z.trim().is_empty())
    {
        app::domain::time::set_zone(zone.trim())
            .map_err(|e| anyhow::anyhow!("REDACTA_TIME_ZONE: {e}"))?;
    }
    let conn = open_migrated(&args.db.database_url).await?;
    app::services::settings::apply_stored(&conn)
        .await
        .map_err(|e| anyhow::anyhow!("reading the settings failed: {e}"))?;
    let mut config = app::services::config::Config::new(args.db.database_url.clone());
    config.outbox_dir = args.outbox;
    config.smtp_url = args.smtp_url;
    let mailer = app::services::mail::Mailer::from_config(&config).map_err(anyhow::Error::msg)?;
    let origin = args.public_origin.trim_end_matches('/');
    let told = app::services::reminders::run_due(&conn)
        .await
        .map_err(|e| anyhow::anyhow!("timed notices failed: {e}"))?;
    let mailed = app::services::digest::mail_due(&conn, &mailer, origin)
        .await
        .map_err(|e| anyhow::anyhow!("mail failed: {e}"))?;
    let sent = app::services::digest::send_due(&conn, &mailer, origin)
        .await
        .map_err(|e| anyhow::anyhow!("digest failed: {e}"))?;
    println!("{told} timed notice(s), {mailed} e-mail(s) at once, {sent} digest(s) sent");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat password: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    Ok(password)
}

async fn create_user(args: CreateUserArgs) -> anyhow::Result<()> {
    let password = read_password()?;
    let mut config = Config::new(args.db.database_url.clone());
    config.hashing_concurrency = 1;
    let conn = db::connect(&config.database_url)
        .await
        .context("cannot open the database")?;
    db::migrate(&conn).await.context("migrations failed")?;
    let options =
        crate::site::leptos_options(std::path::Path::new("."), ([127, 0, 0, 1], 0).into());
    let state =
        app::web::state::AppState::new(options, conn, config).map_err(anyhow::Error::msg)?;
    match accounts::create_user(&state, &args.email, &args.name, &password, args.role).await {
        Ok(user) => {
            println!(
                "Created {} <{}> as {} (id {}).",
                user.display_name, user.email, args.role, user.id
            );
            Ok(())
        }
        Err(err) => bail!("cannot create the account: {err}"),
    }
}

async fn open_migrated(url: &str) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let conn = db::connect(url).await.context("cannot open the database")?;
    db::migrate(&conn).await.context("migrations failed")?;
    Ok(conn)
}

async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let markdown = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let conn = open_migrated(&args.db.database_url).await?;
    match app::services::program_files::import(&conn, None, &args.title, &markdown).await {
        Ok(program) => {
            println!("{}", program.slug);
            Ok(())
        }
        Err(err) => bail!("{}: {err}", args.file.display()),
    }
}

async fn import_roll(args: ImportRollArgs) -> anyhow::Result<()> {
    let conn = open_migrated(&args.db.database_url).await?;
    let (key, note) =
        crate::rolls::resolve_key(args.key.roll_key_file.as_deref(), &args.db.database_url)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let (roll, r) = crate::rolls::import_file(
        &conn,
        key.as_ref(),
        &args.by,
        &args.name,
        &args.factor,
        &args.factor_label,
        &args.file,
    )
    .await?;
    println!(
        "roll {} \"{}\": {} entries added from {} lines ({} duplicates, {} unreadable{})",
        roll.id,
        roll.name,
        r.added,
        r.lines,
        r.duplicates,
        r.bad,
        if r.bad_lines.is_empty() {
            String::new()
        } else {
            let shown: Vec<String> = r.bad_lines.iter().map(u64::to_string).collect();
            format!(": lines {}", shown.join(", "))
        }
    );
    Ok(())
}

async fn verify_log(args: VerifyLogArgs) -> anyhow::Result<()> {
    let conn = open_migrated(&args.db.database_url).await?;
    match app::views::votes::verify_log(&conn, args.vote).await {
        Ok(report) => {
            println!(
                "vote {}: ballot log intact: {} entries, {} current ballots, {} paper ballots from rooms, head {}",
                args.vote, report.entries, report.ballots, report.room_ballots, report.head
            );
            Ok(())
        }
        Err(problem) => bail!("vote {}: ballot log check FAILED: {problem}", args.vote),
    }
}

async fn export(args: ExportArgs) -> anyhow::Result<()> {
    let conn = open_migrated(&args.db.database_url).await?;
    let program = app::services::lookup::find_program(&conn, &args.slug)
        .await
        .map_err(|e| anyhow::anyhow!("export failed: {e}"))?
        .ok_or_else(|| anyhow::anyhow!("no program at /programs/{}", args.slug))?;
    let text = match args.format {
        ExportFormat::Md => app::services::program_files::export_markdown(&conn, &program)
            .await
            .map_err(|e| anyhow::anyhow!("export failed: {e}"))?,
        ExportFormat::Html => app::services::program_files::export_html(&conn, &program, None)
            .await
            .map_err(|e| anyhow::anyhow!("export failed: {e}"))?,
    };
    print!("{text}");
    Ok(())
}

async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let mut config = Config::new(args.db.database_url.clone());
    config.hashing_concurrency = 1;
    let conn = db::connect(&config.database_url)
        .await
        .context("cannot open the database")?;
    db::migrate(&conn).await.context("migrations failed")?;
    let options =
        crate::site::leptos_options(std::path::Path::new("."), ([127, 0, 0, 1], 0).into());
    let state =
        app::web::state::AppState::new(options, conn, config).map_err(anyhow::Error::msg)?;
    match args.scale {
        SeedScale::Demo => {
            if !crate::dev::demo::seed_if_empty(&state)
                .await
                .map_err(|e| anyhow::anyhow!("demo seed failed: {e}"))?
            {
                bail!("the database is not empty: the demo content goes into an empty one");
            }
            println!(
                "Demo content created. Accounts (password {}):",
                crate::dev::demo::DEMO_PASSWORD
            );
            for (email, _, role) in crate::dev::demo::DEMO_ACCOUNTS {
                println!("  {role:<12} {email}");
            }
            Ok(())
        }
        SeedScale::City => {
            let started = std::time::Instant::now();
            let hash = state
                .hasher
                .hash(seed::CITY_PASSWORD)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let anchor = app::services::clock::now() / 86_400 * 86_400;
            let mut last = (String::new(), 0usize);
            let mut stderr = std::io::stderr();
            let mut progress = |stage: &str, done: usize, total: usize| {
                let pct = (done * 100).checked_div(total).unwrap_or(100);
                if stage != last.0 || pct != last.1 || done == total {
                    let filled = pct / 5;
                    let _ = write!(
                        stderr,
                        "\r[{}{}] {pct:>3}% {stage:<20} {done:>7}/{total:<7} {:>5.1}s",
                        "#".repeat(filled),
                        "-".repeat(20 - filled),
                        started.elapsed().as_secs_f64()
                    );
                    if done == total {
                        let _ = writeln!(stderr);
                    }
                    let _ = stderr.flush();
                    last = (stage.to_string(), pct);
                }
            };
            let made = seed::seed_city(
                &state.db,
                &seed::Scale::CITY,
                args.seed,
                anchor,
                &hash,
                &mut progress,
            )
            .await
            .map_err(|e| match e {
                app::error::AppError::BadRequest => anyhow::anyhow!(
                    "the database is not empty: the city data goes into an empty one"
                ),
                e => anyhow::anyhow!("city seed failed: {e}"),
            })?;
            println!(
                "Seeded in {:.1} s: {} people, {} assemblies, {} sections, {} amendments, {} comments, {} supports, {} votes with {} ballots.",
                started.elapsed().as_secs_f64(),
                made.residents, made.assemblies, made.sections, made.amendments, made.comments,
                made.supports, made.votes, made.ballots
            );
            println!(
                "Program /programs/{}; busiest section /sections/{}; every account's password is {}.",
                made.program_slug, made.busy_section_id, seed::CITY_PASSWORD
            );
            Ok(())
        }
    }
}
