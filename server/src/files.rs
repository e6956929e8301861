//! Whole-program files over plain HTTP: the download of a program (Markdown or print-ready
//! HTML) and the coordinators' upload of a Markdown file. Plain routes rather than server
//! functions because browsers handle them natively (a link, a multipart form) with or
//! without JavaScript. They check session and role like every server function.

use crate::security::CspNonce;
use app::domain::program_md::MAX_IMPORT_BYTES;
use app::error::AppError;
use app::services::{lookup, program_files};
use app::web;
use app::web::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// Largest upload request: the file plus the form's other fields.
pub const MAX_UPLOAD_BYTES: usize = MAX_IMPORT_BYTES + 64 * 1024;

/// An error as a plain-text answer with the status it deserves.
pub(crate) fn error_response(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, format!("{err}\n")).into_response()
}

/// `GET /programs/{slug}/export/{md|html}`: the current program as a file.
pub async fn export(
    State(state): State<AppState>,
    Path((slug, format)): Path<(String, String)>,
    nonce: Option<Extension<CspNonce>>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let me = web::user_from_headers(&state, &headers).await?;
        let program = lookup::program_by_slug(&state.db, &slug, me.as_ref()).await?;
        match format.as_str() {
            "md" => Ok((
                "text/markdown; charset=utf-8",
                format!("attachment; filename=\"{}.md\"", program.slug),
                program_files::export_markdown(&state.db, &program).await?,
            )),
            "html" => {
                let nonce = nonce.map(|Extension(n)| n.0);
                Ok((
                    "text/html; charset=utf-8",
                    format!("inline; filename=\"{}.html\"", program.slug),
                    program_files::export_html(&state.db, &program, nonce.as_deref()).await?,
                ))
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok((content_type, disposition, body)) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(err) => error_response(&err),
    }
}

/// `POST /programs/import` (multipart: `title`, and `file` or `markdown`): a coordinator
/// imports a program. Answers with a redirect: to the program, or back to the form with
/// the error (the title kept).
pub async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let mut title = String::new();
    let result = async {
        let me = web::user_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::LoginRequired)?;
        // Refused before the body is read; the service decides (and checks again).
        program_files::may_import(&me)?;
        let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
        let mut markdown = String::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| AppError::BadRequest)?
        {
            let name = field.name().unwrap_or_default().to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::Import(app::domain::program_md::ImportError::TooLarge))?;
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::BadRequest)?;
            match name.as_str() {
                "title" => title = text,
                "file" | "markdown" if !text.trim().is_empty() => markdown = text,
                _ => {}
            }
        }
        Ok::<_, AppError>(program_files::import_as(&state.db, &me, &title, &markdown).await?)
    }
    .await;
    let location = match result {
        Ok(program) => format!("/programs/{}?done=imported", program.slug),
        Err(err) => {
            let json = serde_json::to_string(&err).unwrap_or_default();
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("error", &json);
            query.append_pair("title", &title.chars().take(200).collect::<String>());
            format!("/programs/new?{}", query.finish())
        }
    };
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// `GET /votes/{id}/ballots/{blt|txt}`: a closed vote's anonymous ballots (BLT or the line
/// format), identical ballots merged and sorted, as `redacta tally` reads them.
pub async fn ballots(
    State(state): State<AppState>,
    Path((id, format)): Path<(app::domain::ids::PollId, String)>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let me = web::user_from_headers(&state, &headers).await?;
        app::views::votes::ballot_file(&state.db, id, me.as_ref(), &format).await
    }
    .await;
    match result {
        Ok(body) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"vote-{id}.{format}\""))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(err) => error_response(&err),
    }
}

/// `GET /export/amendments.csv` and `GET /export/public.json`: the public data of the
/// platform (amendments with their supports and comments; totals, weekly participation,
/// assemblies and closed votes in the JSON), for anyone. No e-mail address, no voter: only
/// what the pages show, display names included.
pub async fn public_data(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let result = app::views::dashboard::public_file(&state.db, &file).await;
    match result {
        Ok((content_type, body)) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"redacta-{file}\""))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(err) => error_response(&err),
    }
}

/// `GET /meetings/{id}.ics`: the meeting as a calendar file (one event, times in UTC, the
/// platform's zone named, the place or online link, the description and a link back), for
/// anyone who may see the meeting. Every other request goes on to the router.
pub async fn meeting_calendar(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let id = (req.method() == axum::http::Method::GET)
        .then(|| {
            req.uri()
                .path()
                .strip_prefix("/meetings/")?
                .strip_suffix(".ics")?
                .parse::<i32>()
                .ok()
        })
        .flatten();
    let Some(id) = id else {
        return next.run(req).await;
    };
    let result = async {
        let m = app::views::assemblies::meeting_page(
            &state.db,
            None,
            app::domain::ids::MeetingId(id),
            1,
        )
        .await?;
        let event = meeting_event(
            &state,
            MeetingFields {
                id,
                title: &m.title,
                assembly: &m.assembly_name,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                place: &m.place,
                online_url: &m.online_url,
                description: &m.description,
            },
        );
        Ok::<_, AppError>((
            format!("meeting-{id}.ics"),
            app::domain::ics::calendar(
                &m.assembly_name,
                &app::domain::time::zone_name(),
                &[event],
                app::services::clock::now(),
            ),
        ))
    }
    .await;
    calendar_response(result)
}

/// `GET /assemblies/{slug}/meetings.ics`: the assembly's meetings as a calendar people
/// subscribe to (those that ended in the last 90 days and every one to come, at most 500).
pub async fn assembly_calendar(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Response {
    use app::entities::meeting;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let result = async {
        let a = app::services::lookup::assembly_by_slug(&state.db, &slug).await?;
        let now = app::services::clock::now();
        let meetings = meeting::Entity::find()
            .filter(meeting::Column::AssemblyId.eq(a.id))
            .filter(meeting::Column::EndsAt.gte(now - 90 * 86_400))
            .order_by_asc(meeting::Column::StartsAt)
            .limit(500)
            .all(&state.db)
            .await?;
        let events: Vec<_> = meetings
            .iter()
            .map(|m| {
                meeting_event(
                    &state,
                    MeetingFields {
                        id: m.id.get(),
                        title: &m.title,
                        assembly: &a.name,
                        starts_at: m.starts_at,
                        ends_at: m.ends_at,
                        place: &m.place,
                        online_url: &m.online_url,
                        description: &m.description,
                    },
                )
            })
            .collect();
        Ok::<_, AppError>((
            format!("{}.ics", a.slug),
            app::domain::ics::calendar(&a.name, &app::domain::time::zone_name(), &events, now),
        ))
    }
    .await;
    calendar_response(result)
}

struct MeetingFields<'a> {
    id: i32,
    title: &'a str,
    assembly: &'a str,
    starts_at: i64,
    ends_at: i64,
    place: &'a str,
    online_url: &'a str,
    description: &'a str,
}

/// A meeting as a calendar event: its place and online link, a link back when the public
/// origin is known, a stable UID.
fn meeting_event(state: &AppState, m: MeetingFields<'_>) -> app::domain::ics::CalEvent {
    let origin = state.config.public_origin.clone();
    let host = origin
        .as_deref()
        .and_then(|o| o.split("://").nth(1))
        .unwrap_or("redacta.localhost")
        .to_string();
    let location = [m.place.trim(), m.online_url.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    app::domain::ics::CalEvent {
        uid: format!("meeting-{}@{host}", m.id),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        summary: format!("{} · {}", m.title, m.assembly),
        location,
        description: m.description.to_string(),
        url: origin.map(|o| format!("{o}/meetings/{}", m.id)),
    }
}

fn calendar_response(result: Result<(String, String), AppError>) -> Response {
    match result {
        Ok((file, body)) => {
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(err) => error_response(&err),
    }
}
