//! The state directory (`CASSADMIN_STATE_DIR`): the embedded database and the secrets the
//! server generates for itself (JWT key, audit HMAC key, embedded database password).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use secrecy::{SecretSlice, SecretString};

/// An opened state directory.
#[derive(Debug, Clone)]
pub struct StateDir {
    path: PathBuf,
}

impl StateDir {
    /// Opens `path`, creating it (mode 0711: traversable by the embedded database's user,
    /// not listable) if missing.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            fs::create_dir_all(path)
                .with_context(|| format!("cannot create the state dir {}", path.display()))?;
            fs::set_permissions(path, fs::Permissions::from_mode(0o711))
                .with_context(|| format!("cannot set permissions on {}", path.display()))?;
        }
        let path = path
            .canonicalize()
            .with_context(|| format!("cannot resolve the state dir {}", path.display()))?;
        Ok(Self { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The secret stored in `name`, generated (32 random bytes, file mode 0600) on first use.
    pub fn secret(&self, name: &str) -> anyhow::Result<SecretSlice<u8>> {
        let text = self.secret_text(name)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .with_context(|| format!("{} is not base64url", self.path.join(name).display()))?;
        Ok(bytes.into())
    }

    /// The same, as its base64url text (for a database password).
    pub fn secret_string(&self, name: &str) -> anyhow::Result<SecretString> {
        Ok(self.secret_text(name)?.trim().to_owned().into())
    }

    fn secret_text(&self, name: &str) -> anyhow::Result<String> {
        let file = self.path.join(name);
        match fs::read_to_string(&file) {
            Ok(text) => return Ok(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let text = URL_SAFE_NO_PAD.encode(bytes);
        match create_private(&file) {
            Ok(mut f) => {
                f.write_all(format!("{text}\n").as_bytes())
                    .and_then(|()| f.sync_all())
                    .with_context(|| format!("cannot write {}", file.display()))?;
                Ok(text)
            }
            // Another process created it between our read and our create: use theirs.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))
            }
            Err(e) => Err(e).with_context(|| format!("cannot create {}", file.display())),
        }
    }
}

fn create_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn secrets_are_generated_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::open(&dir.path().join("state")).unwrap();
        let first = state.secret("jwt-secret").unwrap();
        let again = state.secret("jwt-secret").unwrap();
        assert_eq!(first.expose_secret().len(), 32);
        assert_eq!(first.expose_secret(), again.expose_secret());
        assert_ne!(
            first.expose_secret(),
            state.secret("other").unwrap().expose_secret()
        );
        let mode = fs::metadata(state.path().join("jwt-secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
