//! Eligibility rolls over plain HTTP and the command line: the key file, the coordinators'
//! upload (`POST /rolls/import`, a multipart form that works with or without JavaScript)
//! and `redacta import-roll`. Both stream the list through `services::rolls::Importer`:
//! it is never held whole, whatever its size.

use app::domain::roll::ImportReport;
use app::error::AppError;
use app::services::rolls::{Importer, RollKey};
use app::web;
use app::web::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};

/// Largest upload: a city's census (Barcelona: 1.7 million lines of about 20 bytes) with
/// room to spare.
pub const MAX_UPLOAD_BYTES: usize = 128 * 1024 * 1024;
/// The form's small fields (name, kind of factor, label).
const FIELD_MAX: usize = 4096;

/// The roll key for a server or command on `database_url`: from `key_file` when given
/// (created on first use), else beside an SQLite database file (`FILE.roll-key`), else none
/// (PostgreSQL without a key file: every app server must share one, so it is never made
/// up). Returns the key and a sentence to print when a new key file was written.
pub fn resolve_key(
    key_file: Option<&Path>,
    database_url: &str,
) -> anyhow::Result<(Option<RollKey>, Option<String>)> {
    let path: Option<PathBuf> = match key_file {
        Some(p) => Some(p.to_path_buf()),
        None => app::services::db::sqlite_file(database_url).map(|db| {
            let mut name = db.file_name().unwrap_or_default().to_os_string();
            name.push(".roll-key");
            db.with_file_name(name)
        }),
    };
    let Some(path) = path else {
        return Ok((None, None));
    };
    let (key, created) = RollKey::load_or_create(&path).map_err(anyhow::Error::msg)?;
    let note = created.then(|| {
        format!(
            "A new roll key was written to {}: keep it with the database's backups (rolls \
             cannot be verified without it) and give every app server the same file.",
            path.display()
        )
    });
    Ok((Some(key), note))
}

/// `POST /rolls/import` (multipart: `name`, `factor`, `factor_label`, then `file` and/or
/// `list`): a coordinator imports a roll. Answers with a redirect to the rolls page, with
/// the import's report or the error (the name kept).
pub async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let mut name = String::new();
    let result = async {
        let me = web::user_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::LoginRequired)?;
        // Refused before the body is read; the service checks again.
        app::services::rolls::may_manage(&me)?;
        let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
        let (mut factor, mut label) = (String::new(), String::new());
        let mut importer: Option<Importer> = None;
        let outcome = async {
            while let Some(mut field) = multipart
                .next_field()
                .await
                .map_err(|_| AppError::BadRequest)?
            {
                let field_name = field.name().unwrap_or_default().to_string();
                if field_name == "file" || field_name == "list" {
                    // A second source of lines starts on a line of its own.
                    let mut first = true;
                    while let Some(chunk) = field
                        .chunk()
                        .await
                        .map_err(|_| AppError::Roll(app::domain::roll::RollError::TooLong))?
                    {
                        if chunk.is_empty() {
                            continue;
                        }
                        if importer.is_none() {
                            importer = Some(
                                Importer::begin(
                                    &state.db,
                                    state.config.roll_key.as_ref(),
                                    &me,
                                    &name,
                                    &factor,
                                    &label,
                                )
                                .await?,
                            );
                        } else if first {
                            if let Some(i) = importer.as_mut() {
                                i.feed(&state.db, b"\n").await?;
                            }
                        }
                        first = false;
                        if let Some(i) = importer.as_mut() {
                            i.feed(&state.db, &chunk).await?;
                        }
                    }
                    continue;
                }
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
                    text.extend_from_slice(&chunk);
                    if text.len() > FIELD_MAX {
                        return Err(AppError::BadRequest);
                    }
                }
                let text = String::from_utf8(text).map_err(|_| AppError::BadRequest)?;
                match field_name.as_str() {
                    "name" => name = text,
                    "factor" => factor = text,
                    "factor_label" => label = text,
                    _ => {}
                }
            }
            Ok::<_, AppError>(())
        }
        .await;
        match (outcome, importer) {
            (Ok(()), Some(i)) => i.finish(&state.db).await,
            (Ok(()), None) => {
                // Nothing to read: the form's own checks first (name, factor), then "empty".
                Importer::begin(
                    &state.db,
                    state.config.roll_key.as_ref(),
                    &me,
                    &name,
                    &factor,
                    &label,
                )
                .await?
                .finish(&state.db)
                .await
            }
            (Err(e), Some(i)) => {
                i.abandon(&state.db).await;
                Err(e)
            }
            (Err(e), None) => Err(e),
        }
    }
    .await;
    let location = match result {
        Ok((roll, report)) => format!("/admin/rolls?{}", report_query(roll.id.get(), &report)),
        Err(err) => {
            let json = serde_json::to_string(&err).unwrap_or_default();
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("error", &json);
            query.append_pair("name", &name.chars().take(200).collect::<String>());
            format!("/admin/rolls?{}", query.finish())
        }
    };
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

fn report_query(roll: i32, r: &ImportReport) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("imported", &roll.to_string());
    q.append_pair("lines", &r.lines.to_string());
    q.append_pair("added", &r.added.to_string());
    q.append_pair("duplicates", &r.duplicates.to_string());
    q.append_pair("bad", &r.bad.to_string());
    let shown: Vec<String> = r.bad_lines.iter().map(u64::to_string).collect();
    q.append_pair("bad_lines", &shown.join(","));
    q.finish()
}

/// `redacta import-roll`: reads `file` in 64 KiB pieces into a new roll made by the
/// coordinator `by`; prints the report.
pub async fn import_file(
    conn: &sea_orm::DatabaseConnection,
    key: Option<&RollKey>,
    by: &str,
    name: &str,
    factor: &str,
    label: &str,
    file: &Path,
) -> anyhow::Result<(app::entities::roll::Model, ImportReport)> {
    use anyhow::Context;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tokio::io::AsyncReadExt;
    let me = app::entities::user::Entity::find()
        .filter(app::entities::user::Column::Email.eq(by.trim().to_lowercase()))
        .one(conn)
        .await?
        .with_context(|| format!("no account with the e-mail address {by}"))?;
    let mut input = tokio::fs::File::open(file)
        .await
        .with_context(|| format!("cannot read {}", file.display()))?;
    let mut importer = Importer::begin(conn, key, &me, name, factor, label)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut buf).await {
            Ok(n) => n,
            Err(e) => {
                importer.abandon(conn).await;
                return Err(anyhow::anyhow!("cannot read {}: {e}", file.display()));
            }
        };
        if n == 0 {
            break;
        }
        if let Err(e) = importer.feed(conn, &buf[..n]).await {
            importer.abandon(conn).await;
            return Err(anyhow::anyhow!("{e}"));
        }
    }
    importer
        .finish(conn)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}
