//! Outgoing e-mail through `lettre`: SMTP when `REDACTA_SMTP_URL` is set, otherwise each
//! message is written as an `.eml` file to the outbox folder and logged, so password resets
//! work on a laptop with no mail server.

use crate::error::AppError;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub struct Mailer {
    transport: Transport,
    /// Messages handed to [`Mailer::send_later`] and not sent yet.
    pending: std::sync::atomic::AtomicUsize,
}

enum Transport {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    pub fn from_config(config: &super::config::Config) -> Result<Self, String> {
        let from: Mailbox = config.mail_from.parse().map_err(|e| {
            format!(
                "REDACTA_MAIL_FROM {:?} is not an address: {e}",
                config.mail_from
            )
        })?;
        match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("REDACTA_SMTP_URL is not usable: {e}"))?
                    .build();
                Ok(Mailer::new(Transport::Smtp { transport, from }))
            }
            None => Ok(Mailer::new(Transport::Outbox {
                dir: config.outbox_dir.clone(),
                from,
            })),
        }
    }

    fn new(transport: Transport) -> Self {
        Mailer {
            transport,
            pending: Default::default(),
        }
    }

    /// Waits (at most `limit`) until every message handed to [`Mailer::send_later`] has
    /// been sent or has failed; for tests and for a graceful stop.
    pub async fn idle(&self, limit: std::time::Duration) {
        let started = std::time::Instant::now();
        while self.pending.load(std::sync::atomic::Ordering::SeqCst) > 0
            && started.elapsed() < limit
        {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), AppError> {
        self.send_with(to, subject, body, None).await
    }

    /// Sends a message after the request has been answered: a slow mail server never holds
    /// a request, and answering never takes longer when a mail is sent than when none is
    /// (which would tell who has an account). Failures are logged.
    pub fn send_later(self: &std::sync::Arc<Self>, to: &str, subject: String, body: String) {
        let (mailer, to) = (self.clone(), to.to_string());
        mailer
            .pending
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(err) = mailer.send(&to, &subject, body).await {
                tracing::error!(error = %crate::error::cause_chain(&err), "mail.send_later failed");
            }
            mailer
                .pending
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        });
    }

    /// Sends a message; `unsubscribe` (an https or http link) becomes the `List-Unsubscribe`
    /// header, with `List-Unsubscribe-Post` so mail programs offer their own one-click
    /// button (RFC 8058: they POST to the same link).
    pub async fn send_with(
        &self,
        to: &str,
        subject: &str,
        body: String,
        unsubscribe: Option<&str>,
    ) -> Result<(), AppError> {
        // Accounts made at a meeting for people without e-mail have no mailbox.
        if crate::domain::account::is_paper_address(to) {
            return Ok(());
        }
        let to: Mailbox = to.parse().map_err(|_| AppError::InvalidEmail)?;
        let from = match &self.transport {
            Transport::Smtp { from, .. } | Transport::Outbox { from, .. } => from.clone(),
        };
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        if let Some(link) = unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{link}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder.body(body).map_err(|e| {
            tracing::error!(error = %crate::error::cause_chain(&e), "mail.build failed");
            AppError::Internal
        })?;
        match &self.transport {
            Transport::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| {
                    tracing::error!(error = %crate::error::cause_chain(&e), "mail.smtp send failed");
                    AppError::Internal
                })?;
                tracing::info!(subject, "mail.smtp sent");
            }
            Transport::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| {
                    tracing::error!(error = %crate::error::cause_chain(&e), dir = %dir.display(), "mail.outbox cannot create folder");
                    AppError::Internal
                })?;
                // Names sort in the order messages were written (time, then a counter).
                static WRITTEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                let name = format!(
                    "{}-{:09}-{}.eml",
                    super::clock::now(),
                    WRITTEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
                    &super::tokens::new_secret()[..12]
                );
                let path = dir.join(name);
                tokio::fs::write(&path, message.formatted()).await.map_err(|e| {
                    tracing::error!(error = %crate::error::cause_chain(&e), path = %path.display(), "mail.outbox write failed");
                    AppError::Internal
                })?;
                tracing::info!(path = %path.display(), subject, "mail.outbox wrote a message (no SMTP configured)");
            }
        }
        Ok(())
    }
}

/// `List-Unsubscribe: <link>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}
