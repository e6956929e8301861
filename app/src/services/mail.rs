//! Outgoing e-mail through `lettre`: SMTP when `REDACTA_SMTP_URL` is set, otherwise each
//! message is written as an `.eml` file to the outbox folder and logged, so password resets
//! work on a laptop with no mail server.

use crate::error::AppError;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub enum Mailer {
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
                Ok(Mailer::Smtp { transport, from })
            }
            None => Ok(Mailer::Outbox {
                dir: config.outbox_dir.clone(),
                from,
            }),
        }
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), AppError> {
        let to: Mailbox = to.parse().map_err(|_| AppError::InvalidEmail)?;
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| {
                tracing::error!(error = %e, "mail.build failed");
                AppError::Internal
            })?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| {
                    tracing::error!(error = %e, "mail.smtp send failed");
                    AppError::Internal
                })?;
                tracing::info!(subject, "mail.smtp sent");
            }
            Mailer::Outbox { dir, .. } => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| {
                    tracing::error!(error = %e, dir = %dir.display(), "mail.outbox cannot create folder");
                    AppError::Internal
                })?;
                let name = format!(
                    "{}-{}.eml",
                    super::clock::now(),
                    &super::tokens::new_secret()[..12]
                );
                let path = dir.join(name);
                tokio::fs::write(&path, message.formatted()).await.map_err(|e| {
                    tracing::error!(error = %e, path = %path.display(), "mail.outbox write failed");
                    AppError::Internal
                })?;
                tracing::info!(path = %path.display(), subject, "mail.outbox wrote a message (no SMTP configured)");
            }
        }
        Ok(())
    }
}
