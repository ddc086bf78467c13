//! The profile file: kdt's credentials and settings in one TOML file holding named profiles
//! (`[profiles.<name>]`), by default `<config dir>/kdt/config.toml`.
//!
//! - **Reading** ([`ProfileStore::load`]) needs no lock: writers replace the file by rename, so a
//!   reader sees either the old or the new file, never a half-written one.
//! - **Editing** ([`ProfileStore::update`]) is a locked read-modify-write, so concurrent kdt
//!   processes (e.g. overlapping `kdt scan due` runs) never lose each other's changes.
//! - **Comments survive**: the file is kept as a `toml_edit` document and an edit is merged into
//!   it (see `merge.rs`), so the user's comments, ordering and unknown keys are preserved.
//! - **A file that does not parse is never overwritten**; the error names line and column.
//! - **Modes**: the directory is created 0700 and the file is always written 0600 because it
//!   holds API tokens; a pre-existing file readable by others yields a warning.

mod merge;
mod model;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;
use toml_edit::DocumentMut;

pub use model::{
    CodethreatIntegration, Instance, Integrations, LastRun, Profile, Role, ScanConfig, Webhook,
};

pub const DEFAULT_PROFILE: &str = "default";

/// How long `update` waits for another kdt process to release the lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "{}:{line}:{column}: {message} — fix the file by hand or move it away; kdt will not overwrite it",
        path.display()
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid TOML with a wrong shape (e.g. `insecure = "yes"`). `message` already carries
    /// `line:column` when the parser reported a position.
    #[error(
        "{}{}{message} — fix the value by hand or move the file away; kdt will not overwrite it",
        path.display(),
        if message.starts_with(|c: char| c.is_ascii_digit()) { ":" } else { ": " }
    )]
    Invalid { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{}: another kdt process is still holding the profile lock — retry when it has finished",
        path.display()
    )]
    Locked { path: PathBuf },
    #[error(transparent)]
    Edit(anyhow::Error),
}

/// The result of [`ProfileStore::load`].
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub profile: Profile,
    pub warnings: Vec<String>,
    /// Whether the file exists (the named profile may still be absent from it).
    pub exists: bool,
}

/// One profile (`name`) inside one file (`path`).
#[derive(Debug, Clone)]
pub struct ProfileStore {
    path: PathBuf,
    profile: String,
    lock_timeout: Duration,
}

/// The whole file. Every profile is type-checked, not only the selected one, so a broken
/// file is reported before kdt touches it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FileModel {
    profiles: std::collections::BTreeMap<String, Profile>,
}

/// The file as read: its document (for the merge) and the selected profile.
struct Parsed {
    doc: DocumentMut,
    profile: Profile,
    names: Vec<String>,
    exists: bool,
    /// `Some(mode)` when the file is accessible by group or others.
    loose_mode: Option<u32>,
}

impl ProfileStore {
    pub fn new(path: PathBuf, profile: impl Into<String>) -> Self {
        ProfileStore {
            path,
            profile: profile.into(),
            lock_timeout: LOCK_TIMEOUT,
        }
    }

    /// How long `update` waits for another process's lock before `ProfileError::Locked`
    /// (default 10 s).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// `<dirs::config_dir()>/kdt/config.toml`; `None` when the platform has no config dir.
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("kdt").join("config.toml"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn profile_name(&self) -> &str {
        &self.profile
    }

    /// Read the selected profile. A missing file or a missing profile gives the default
    /// profile. No lock: the file is only ever replaced atomically.
    pub fn load(&self) -> Result<Loaded, ProfileError> {
        let parsed = self.read()?;
        let warnings = parsed
            .loose_mode
            .map(|mode| {
                format!(
                    "{} is accessible by group or others (mode {mode:o}); it holds API tokens: run `chmod 600 {}`",
                    self.path.display(),
                    self.path.display()
                )
            })
            .into_iter()
            .collect();
        Ok(Loaded {
            profile: parsed.profile,
            warnings,
            exists: parsed.exists,
        })
    }

    /// Names of all profiles in the file, sorted (empty when the file does not exist).
    pub fn profile_names(&self) -> Result<Vec<String>, ProfileError> {
        Ok(self.read()?.names)
    }

    /// Locked read-modify-write of the selected profile.
    ///
    /// The file is left untouched when it does not parse, when `edit` fails, or when `edit`
    /// leaves the profile unchanged. Otherwise the edit is merged into the document (comments
    /// kept) and written atomically with mode 0600. Returns `edit`'s value and warnings.
    pub fn update<T>(
        &self,
        edit: impl FnOnce(&mut Profile) -> anyhow::Result<T>,
    ) -> Result<(T, Vec<String>), ProfileError> {
        let mut warnings = Vec::new();
        let dir = self.ensure_dir(&mut warnings)?;
        let _lock = self.lock(&dir)?;
        let Parsed {
            mut doc,
            profile: base,
            loose_mode,
            ..
        } = self.read()?;
        let mut profile = base.clone();
        let value = edit(&mut profile).map_err(ProfileError::Edit)?;
        let changed = profile != base;
        if let Some(mode) = loose_mode {
            warnings.push(if changed {
                format!(
                    "{} was accessible by group or others (mode {mode:o}); it holds API tokens, so kdt rewrote it with mode 600",
                    self.path.display()
                )
            } else {
                format!(
                    "{} is accessible by group or others (mode {mode:o}); it holds API tokens: run `chmod 600 {}`",
                    self.path.display(),
                    self.path.display()
                )
            });
        }
        if changed {
            merge::merge_profile(&mut doc, &self.profile, &base, &profile).map_err(|message| {
                ProfileError::Invalid {
                    path: self.path.clone(),
                    message,
                }
            })?;
            self.write_atomic(&doc.to_string())?;
        }
        Ok((value, warnings))
    }

    fn io_err(&self, source: io::Error) -> ProfileError {
        ProfileError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// The file kdt actually replaces. A symlinked profile (dotfile managers) is followed so
    /// the rename replaces the target, not the link.
    fn target_path(&self) -> PathBuf {
        match fs::symlink_metadata(&self.path) {
            Ok(m) if m.file_type().is_symlink() => {
                fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone())
            }
            _ => self.path.clone(),
        }
    }

    fn parent_dir(path: &Path) -> PathBuf {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Create the directory 0700 if missing. A directory the user already has is not chmod-ed
    /// (it may be shared on purpose); we only warn if others can write to it, since they could
    /// then replace the file.
    fn ensure_dir(&self, warnings: &mut Vec<String>) -> Result<PathBuf, ProfileError> {
        let dir = Self::parent_dir(&self.path);
        match fs::metadata(&dir) {
            Ok(m) => {
                if m.mode() & 0o022 != 0 {
                    warnings.push(format!(
                        "{} is writable by group or others (mode {:o}); run `chmod 700 {}`",
                        dir.display(),
                        m.mode() & 0o777,
                        dir.display()
                    ));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|source| ProfileError::Io {
                    path: dir.clone(),
                    source,
                })?,
            Err(source) => {
                return Err(ProfileError::Io {
                    path: dir.clone(),
                    source,
                });
            }
        }
        Ok(dir)
    }

    /// Lock `config.toml.lock`, not the profile itself: the profile is replaced by rename, so a
    /// lock on its old inode would not exclude a process that opened the new one. The lock is
    /// an OS file lock, released when the process dies, so a crash never leaves a stale lock;
    /// the lock file itself is left in place on purpose (deleting it would race with waiters).
    fn lock(&self, dir: &Path) -> Result<File, ProfileError> {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "config.toml".into());
        name.push(".lock");
        let lock_path = dir.join(name);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|source| ProfileError::Io {
                path: lock_path.clone(),
                source,
            })?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= self.lock_timeout {
                        return Err(ProfileError::Locked {
                            path: self.path.clone(),
                        });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(fs::TryLockError::Error(source)) => {
                    return Err(ProfileError::Io {
                        path: lock_path,
                        source,
                    });
                }
            }
        }
    }

    fn read(&self) -> Result<Parsed, ProfileError> {
        let text = match fs::read(&self.path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| ProfileError::Parse {
                path: self.path.clone(),
                line: 1,
                column: 1,
                message: format!("the file is not UTF-8 ({e})"),
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Parsed {
                    doc: DocumentMut::new(),
                    profile: Profile::default(),
                    names: Vec::new(),
                    exists: false,
                    loose_mode: None,
                });
            }
            Err(e) => return Err(self.io_err(e)),
        };
        // Group/other bits on a file holding API tokens. Reported by the caller, which knows
        // whether the file is about to be rewritten (always 0600) or not.
        let loose_mode = fs::metadata(&self.path)
            .ok()
            .map(|m| m.mode() & 0o777)
            .filter(|mode| mode & 0o077 != 0);
        let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            let (line, column) = line_col(&text, e.span().map_or(0, |s| s.start));
            ProfileError::Parse {
                path: self.path.clone(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let mut file: FileModel = toml::from_str(&text).map_err(|e| {
            let message = e.message().trim().to_string();
            let message = match e.span() {
                Some(s) => {
                    let (line, column) = line_col(&text, s.start);
                    format!("{line}:{column}: {message}")
                }
                None => message,
            };
            ProfileError::Invalid {
                path: self.path.clone(),
                message,
            }
        })?;
        let names = file.profiles.keys().cloned().collect();
        let profile = file.profiles.remove(&self.profile).unwrap_or_default();
        Ok(Parsed {
            doc,
            profile,
            names,
            exists: true,
            loose_mode,
        })
    }

    /// Write to a temp file in the same directory (rename is only atomic within a file
    /// system), fsync it, rename it over the profile, then fsync the directory so the rename
    /// itself survives a crash. The temp file is removed on any failure (NamedTempFile drop).
    fn write_atomic(&self, contents: &str) -> Result<(), ProfileError> {
        let target = self.target_path();
        let dir = Self::parent_dir(&target);
        let prefix = format!(
            ".{}.",
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "config.toml".into())
        );
        let mut tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(0o600))
            .tempfile_in(&dir)
            .map_err(|e| self.io_err(e))?;
        // Explicit, in case the umask or platform ignored the requested mode.
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| self.io_err(e))?;
        tmp.write_all(contents.as_bytes())
            .map_err(|e| self.io_err(e))?;
        tmp.as_file().sync_all().map_err(|e| self.io_err(e))?;
        tmp.persist(&target).map_err(|e| self.io_err(e.error))?;
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| self.io_err(e))?;
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A new scan configuration id: `s-` and 8 hex digits from the OS random source.
/// Uniqueness within the profile is the caller's check.
pub fn new_scan_id() -> String {
    use rand::TryRng;
    let mut bytes = [0u8; 4];
    if rand::rngs::SysRng.try_fill_bytes(&mut bytes).is_err() {
        // The OS source failing is near impossible; the thread RNG is OS-seeded anyway.
        rand::fill(&mut bytes);
    }
    format!(
        "s-{:02x}{:02x}{:02x}{:02x}",
        bytes[0], bytes[1], bytes[2], bytes[3]
    )
}

#[cfg(test)]
mod tests;
