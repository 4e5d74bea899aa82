//! The command line: `cassadmin [serve]`, `migrate`, `user ...`, `audit verify`, `emulator`.
//!
//! Commands other than `serve` use the embedded PostgreSQL if one is running for the state
//! dir (and leave it running), or start it for the command's duration.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use shared::rest::{NewUser, UserPatch};
use shared::{Role, SecretString};

use crate::accounts;
use crate::audit::{Actor, AuditLog, Context, verify};
use crate::config::Settings;
use crate::db::{Database, embedded::IfRunning, users};
use crate::error::AppError;
use crate::startup::{Application, Secrets};
use crate::state_dir::StateDir;
use crate::telemetry;

#[derive(Debug, Parser)]
#[command(
    name = "cassadmin",
    version,
    about = "Control panel and audited API gateway for ApsaraDB for Cassandra"
)]
pub struct Cli {
    /// JSON config file (also `CASSADMIN_CONFIG`); environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the panel and the API (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage panel users without the UI.
    #[command(subcommand)]
    User(UserCommand),
    /// Inspect the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run an emulator of the cloud's OpenAPI (for trying the panel without an account).
    Emulator(emulator::cli::EmulatorArgs),
    /// Print the role table (each action's minimum role) as Markdown, as the README shows it.
    Roles,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints a generated password unless --password-stdin.
    Create {
        username: String,
        #[arg(long, default_value = "viewer", value_parser = parse_role)]
        role: Role,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (ends their sessions); prints a generated one unless
    /// --password-stdin.
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user (ends their sessions, their tokens stop working).
    Disable { username: String },
    /// Enable a disabled user.
    Enable { username: String },
    /// Delete a user (their sessions and tokens go too; audit rows stay).
    Delete { username: String },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; exits 1 and names the first broken row if it does not hold.
    Verify,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}

/// Runs the command; errors are printed with their causes.
pub async fn run(cli: Cli) -> ExitCode {
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("cassadmin: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = telemetry::init(
        settings.log_format,
        telemetry::DEFAULT_FILTER,
        std::io::stdout,
    ) {
        eprintln!("cassadmin: {e:#}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::User(command) => user(settings, command).await,
        Command::Audit(AuditCommand::Verify) => audit_verify(settings).await,
        Command::Roles => {
            print!("{}", crate::operations::roles::markdown_table());
            Ok(ExitCode::SUCCESS)
        }
        Command::Emulator(args) => emulator::cli::run(args)
            .await
            .map(|()| ExitCode::SUCCESS)
            .context("the emulator failed"),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            tracing::error!(error = %format_args!("{e:#}"), "cassadmin failed");
            eprintln!("cassadmin: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<ExitCode> {
    let listen = settings.listen;
    let mut app = Application::build(settings).await?;
    if let Some(password) = app.take_initial_admin_password() {
        // Printed once, to the console only (never logged): it is not stored anywhere else.
        println!(
            "\n  First start: created user `admin` with password\n\n      {}\n\n  Change it after \
             logging in (POST /api/v1/me/password).\n",
            password.expose()
        );
    }
    tracing::info!(address = %format!("{}:{}", listen.ip(), app.port()), "cassadmin listening");
    app.run_until_stopped().await?;
    tracing::info!("cassadmin stopped");
    Ok(ExitCode::SUCCESS)
}

async fn migrate(settings: Settings) -> anyhow::Result<ExitCode> {
    let state_dir = StateDir::open(&settings.state_dir)?;
    // `open` applies the migrations.
    let database = Database::open(&settings, &state_dir, IfRunning::Share).await?;
    database.close().await;
    println!("migrations applied");
    Ok(ExitCode::SUCCESS)
}

async fn audit_verify(settings: Settings) -> anyhow::Result<ExitCode> {
    let state_dir = StateDir::open(&settings.state_dir)?;
    let database = Database::open(&settings, &state_dir, IfRunning::Share).await?;
    let report = verify::verify(&database.pool).await;
    database.close().await;
    let report = report.context("cannot read the audit log")?;
    match &report.first_broken {
        None => {
            println!(
                "audit chain intact: {} rows, head {}",
                report.rows_checked,
                report.head_hash.as_deref().unwrap_or("(empty)")
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(broken) => {
            println!(
                "audit chain BROKEN at row {}: {} ({} rows before it verified)",
                broken.id, broken.problem, report.rows_checked
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn user(settings: Settings, command: UserCommand) -> anyhow::Result<ExitCode> {
    let state_dir = StateDir::open(&settings.state_dir)?;
    let database = Database::open(&settings, &state_dir, IfRunning::Share).await?;
    let result = user_command(&settings, &state_dir, &database, command).await;
    database.close().await;
    result
}

async fn user_command(
    settings: &Settings,
    state_dir: &StateDir,
    database: &Database,
    command: UserCommand,
) -> anyhow::Result<ExitCode> {
    let secrets = Secrets::load(settings, state_dir)?;
    let audit = AuditLog::new(database.pool.clone(), &secrets.audit_hmac)?;
    let ctx = Context::system(Actor::system("cli"));
    let find = |name: String| async move {
        users::get_by_name(&database.pool, &name)
            .await?
            .with_context(|| format!("no user named {name}"))
    };
    let failed = |e: AppError| describe(&e);
    match command {
        UserCommand::Create {
            username,
            role,
            password_stdin,
        } => {
            let (password, generated) = password_input(password_stdin)?;
            let new = NewUser {
                username,
                password: password.clone(),
                role,
            };
            let user = accounts::create_user(&audit, &ctx, new)
                .await
                .map_err(failed)?;
            println!("created {} ({})", user.username, user.role());
            if generated {
                println!("password: {}", password.expose());
            }
        }
        UserCommand::Passwd {
            username,
            password_stdin,
        } => {
            let user = find(username).await?;
            let (password, generated) = password_input(password_stdin)?;
            let patch = UserPatch {
                password: Some(password.clone()),
                ..UserPatch::default()
            };
            accounts::update_user(&audit, &ctx, user.id, patch)
                .await
                .map_err(failed)?;
            println!(
                "password of {} changed; their sessions were ended",
                user.username
            );
            if generated {
                println!("password: {}", password.expose());
            }
        }
        UserCommand::Disable { username } => {
            let user = find(username).await?;
            let patch = UserPatch {
                disabled: Some(true),
                ..UserPatch::default()
            };
            accounts::update_user(&audit, &ctx, user.id, patch)
                .await
                .map_err(failed)?;
            println!("disabled {}", user.username);
        }
        UserCommand::Enable { username } => {
            let user = find(username).await?;
            let patch = UserPatch {
                disabled: Some(false),
                ..UserPatch::default()
            };
            accounts::update_user(&audit, &ctx, user.id, patch)
                .await
                .map_err(failed)?;
            println!("enabled {}", user.username);
        }
        UserCommand::Delete { username } => {
            let user = find(username).await?;
            accounts::delete_user(&audit, &ctx, user.id)
                .await
                .map_err(failed)?;
            println!("deleted {}", user.username);
        }
        UserCommand::List => {
            println!("{:<24} {:<9} {:<9} last login", "user", "role", "state");
            for u in users::list(&database.pool).await? {
                let state = if u.disabled { "disabled" } else { "enabled" };
                let last = u
                    .last_login_at
                    .map(crate::domain::timestamp)
                    .unwrap_or_else(|| "never".into());
                println!(
                    "{:<24} {:<9} {:<9} {last}",
                    u.username,
                    u.role().as_str(),
                    state
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An error for the terminal: every broken field of a validation error, else its message.
fn describe(e: &AppError) -> anyhow::Error {
    match e {
        AppError::Validation(fields) => {
            anyhow::anyhow!(
                "{}",
                fields
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// The first line of stdin, or a generated password (`true`: show it).
fn password_input(from_stdin: bool) -> anyhow::Result<(SecretString, bool)> {
    if !from_stdin {
        return Ok((accounts::random_password(), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!password.is_empty(), "no password on standard input");
    Ok((SecretString::new(password), false))
}
