//! Packaging a source tree into a zip for upload.
//!
//! Pipeline: an `ignore` walk (`.gitignore` even without `.git`, `.git/info/exclude`,
//! `.codethreatignore`, hidden files kept) filtered by [`DEFAULT_EXCLUDES`] → a sorted file list →
//! parallel raw-deflate of independent files → entries written in sorted path order into a zip
//! that is streamed into a 0600 temp file.
//!
//! Memory is bounded independently of the tree size: workers only claim a file when its size
//! fits in an in-flight byte budget ([`IN_FLIGHT_BUDGET`]) and at most [`MAX_IN_FLIGHT`]
//! entries are pending, and files above [`STREAM_THRESHOLD`] are never held in memory: a
//! worker deflates them chunk by chunk into an unnamed spill file (deleted by the OS when
//! closed) that the writer then copies into the archive. Large files thus still compress in
//! parallel with everything else.
//!
//! The zip is written by hand (it is a small, well-documented format, APPNOTE 6.3.x) because
//! the writer needs to emit entries that were compressed on other threads: local headers with
//! known CRC and sizes, central directory, ZIP64 records when counts, sizes or offsets need
//! them, the UTF-8 name flag and unix permissions.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use flate2::{Compress, Compression, FlushCompress, Status};
use serde::Serialize;

/// The custom ignore file, gitignore syntax, honoured in every directory.
pub const IGNORE_FILENAME: &str = ".codethreatignore";

/// Default file size cap: bigger files are almost never source code.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Files above this size are deflated in a streaming fashion into a spill file instead of in a
/// worker's memory, so that one huge file cannot blow the memory bound.
pub const STREAM_THRESHOLD: u64 = 4 * 1024 * 1024;

/// Upper bound on entries claimed but not yet written (spill files count here, not in the
/// byte budget), which bounds open spill files and the reorder map.
pub const MAX_IN_FLIGHT: usize = 64;

/// Total bytes (uncompressed size, an upper bound for the compressed size of a small file) that
/// may sit compressed-but-unwritten or being compressed at once. Together with
/// [`STREAM_THRESHOLD`] per-worker read buffers this keeps peak RSS well under 64 MiB.
pub const IN_FLIGHT_BUDGET: u64 = 16 * 1024 * 1024;

/// Deflate level. Measured on ~/.cargo/registry/src (benches/README.md): zlib-rs level 5 is
/// about 6% faster than 6 for 0.7% more bytes, still about 1% smaller than `zip -6`. Level 4
/// is faster still but about 3% larger than 6, too close to the 3% size budget.
pub const DEFLATE_LEVEL: u32 = 5;

/// What kind of thing a default exclusion rule removes (for counting and the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExcludeKind {
    /// Version-control metadata directories.
    Vcs,
    /// Dependency, build-output, cache and IDE directories.
    Directory,
    /// Python virtual environments (only when the directory holds `pyvenv.cfg`, because `env/`
    /// and `venv/` are also ordinary source directory names).
    Virtualenv,
    /// Compiled binaries and libraries.
    Binary,
    /// Archives and compressed files.
    Archive,
    /// Images, audio, video, fonts and documents.
    Media,
}

/// One default exclusion rule: a directory name (matched against any directory's own name) or
/// a file extension (case-insensitive, without the dot).
#[derive(Debug, Clone, Copy)]
pub enum ExcludeRule {
    Dir(&'static str, ExcludeKind),
    /// Directory excluded only when it contains `pyvenv.cfg`.
    VenvDir(&'static str),
    Ext(&'static str, ExcludeKind),
}

use ExcludeKind as K;
use ExcludeRule::{Dir, Ext, VenvDir};

/// The default exclusion list, applied on top of ignore files. Documented in the README.
pub const DEFAULT_EXCLUDES: &[ExcludeRule] = &[
    // VCS metadata
    Dir(".git", K::Vcs),
    Dir(".svn", K::Vcs),
    Dir(".hg", K::Vcs),
    Dir(".bzr", K::Vcs),
    Dir("CVS", K::Vcs),
    // dependencies, build outputs, caches, IDE state
    Dir("node_modules", K::Directory),
    Dir("target", K::Directory),
    Dir("dist", K::Directory),
    Dir("build", K::Directory),
    Dir("out", K::Directory),
    Dir("bin", K::Directory),
    Dir("obj", K::Directory),
    Dir("__pycache__", K::Directory),
    Dir(".tox", K::Directory),
    Dir(".pytest_cache", K::Directory),
    Dir(".mypy_cache", K::Directory),
    Dir(".gradle", K::Directory),
    Dir(".idea", K::Directory),
    // virtualenvs
    VenvDir(".venv"),
    VenvDir("venv"),
    VenvDir("env"),
    // binaries
    Ext("exe", K::Binary),
    Ext("dll", K::Binary),
    Ext("so", K::Binary),
    Ext("dylib", K::Binary),
    Ext("a", K::Binary),
    Ext("o", K::Binary),
    Ext("obj", K::Binary),
    Ext("lib", K::Binary),
    Ext("pdb", K::Binary),
    Ext("class", K::Binary),
    Ext("jar", K::Binary),
    Ext("war", K::Binary),
    Ext("ear", K::Binary),
    Ext("pyc", K::Binary),
    Ext("pyo", K::Binary),
    Ext("wasm", K::Binary),
    // archives
    Ext("zip", K::Archive),
    Ext("tar", K::Archive),
    Ext("gz", K::Archive),
    Ext("tgz", K::Archive),
    Ext("bz2", K::Archive),
    Ext("xz", K::Archive),
    Ext("zst", K::Archive),
    Ext("7z", K::Archive),
    Ext("rar", K::Archive),
    Ext("dmg", K::Archive),
    Ext("iso", K::Archive),
    // media and documents
    Ext("png", K::Media),
    Ext("jpg", K::Media),
    Ext("jpeg", K::Media),
    Ext("gif", K::Media),
    Ext("bmp", K::Media),
    Ext("ico", K::Media),
    Ext("webp", K::Media),
    Ext("tif", K::Media),
    Ext("tiff", K::Media),
    Ext("mp4", K::Media),
    Ext("mov", K::Media),
    Ext("avi", K::Media),
    Ext("mkv", K::Media),
    Ext("webm", K::Media),
    Ext("mp3", K::Media),
    Ext("wav", K::Media),
    Ext("flac", K::Media),
    Ext("ogg", K::Media),
    Ext("pdf", K::Media),
    Ext("doc", K::Media),
    Ext("docx", K::Media),
    Ext("ppt", K::Media),
    Ext("pptx", K::Media),
    Ext("xls", K::Media),
    Ext("xlsx", K::Media),
    Ext("woff", K::Media),
    Ext("woff2", K::Media),
    Ext("ttf", K::Media),
    Ext("otf", K::Media),
    Ext("eot", K::Media),
];

/// The default exclusions as Markdown lines, one per kind, for the README and `--help` text:
/// e.g. ``- VCS directories: `.git/` `.svn/` …``.
pub fn default_excludes_markdown() -> String {
    let kinds = [
        (K::Vcs, "VCS directories"),
        (K::Directory, "dependency, build, cache and IDE directories"),
        (
            K::Virtualenv,
            "Python virtualenvs (only when they contain `pyvenv.cfg`)",
        ),
        (K::Binary, "binaries"),
        (K::Archive, "archives"),
        (K::Media, "media, fonts and documents"),
    ];
    let mut out = String::new();
    for (kind, label) in kinds {
        let items: Vec<String> = DEFAULT_EXCLUDES
            .iter()
            .filter_map(|r| match *r {
                Dir(n, k) if k == kind => Some(format!("`{n}/`")),
                VenvDir(n) if kind == K::Virtualenv => Some(format!("`{n}/`")),
                Ext(e, k) if k == kind => Some(format!("`*.{e}`")),
                _ => None,
            })
            .collect();
        out.push_str(&format!("- {label}: {}\n", items.join(" ")));
    }
    out
}

/// Options for [`pack`].
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// The directory to package; entry names are relative to it.
    pub root: PathBuf,
    /// Files larger than this are skipped and listed in [`ExcludedStats::too_large`].
    pub max_file_bytes: u64,
    /// Follow symlinks to *files* whose canonical target stays inside the root. Links that
    /// escape the root are never followed; links to directories are never followed (their
    /// content is inside the root already, so following them would only duplicate it or loop).
    pub follow_symlinks_within_root: bool,
    /// Compression threads; 0 = available parallelism.
    pub threads: usize,
    /// Where the temp file goes; `None` = `std::env::temp_dir()`.
    pub temp_dir: Option<PathBuf>,
}

impl PackOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            follow_symlinks_within_root: false,
            threads: 0,
            temp_dir: None,
        }
    }
}

/// Progress events, for a progress bar or heartbeat.
#[derive(Debug, Clone)]
pub enum PackProgress {
    /// The walk finished: this many files (and bytes) will be packed.
    Scanned { files: u64, bytes: u64 },
    /// Entries written so far.
    Written {
        files: u64,
        bytes_in: u64,
        bytes_out: u64,
    },
}

/// What the default rules and the walk left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExcludedStats {
    /// Entries (directories count once, not their content) removed by [`DEFAULT_EXCLUDES`].
    pub by_default_rules: u64,
    /// The same, by kind.
    pub by_kind: BTreeMap<String, u64>,
    /// Symlinks skipped (not followed, escaping the root, dangling or pointing to a directory).
    pub symlinks: u64,
    /// Files over the size cap, with their size.
    pub too_large: Vec<(PathBuf, u64)>,
    /// Files skipped because they could not be read or their name is not UTF-8.
    pub unreadable: Vec<(PathBuf, String)>,
    // Entries removed by .gitignore/.codethreatignore are not counted: the `ignore` walk drops
    // them before we see them.
}

/// Summary of a pack run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PackStats {
    pub files: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub excluded: ExcludedStats,
}

/// The packed archive; the temp file is removed when this is dropped.
#[derive(Debug)]
pub struct PackedArchive {
    pub file: tempfile::TempPath,
    pub stats: PackStats,
}

impl Entry {
    fn source(&self, root: &Path) -> PathBuf {
        match &self.link_target {
            Some(t) => t.clone(),
            None => root.join(&self.name),
        }
    }
}

impl PackedArchive {
    pub fn path(&self) -> &Path {
        &self.file
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot package {path}: not a directory")]
    NotADirectory { path: PathBuf },
    #[error(
        "nothing to package under {path}: every file was excluded (check --path, .gitignore, \
         {IGNORE_FILENAME} and the default exclusions)"
    )]
    Empty { path: PathBuf },
    #[error("walking {path}")]
    Walk {
        path: PathBuf,
        #[source]
        source: ignore::Error,
    },
    #[error("reading {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("writing the archive")]
    Write(#[source] io::Error),
    #[error("{path} changed while it was being packed")]
    Changed { path: PathBuf },
}

/// A file chosen for the archive.
#[derive(Debug)]
struct Entry {
    /// Name inside the zip: relative, `/`-separated, UTF-8.
    name: String,
    /// The canonical target for followed links; `None` = `root/name`. Not stored for every
    /// file because the entry list is the one structure that grows with the tree.
    link_target: Option<PathBuf>,
    size: u64,
    mode: u32,
    dos_time: (u16, u16),
}

/// `.gitignore` / `.codethreatignore` at any depth: packed, but not source worth a scan.
fn is_ignore_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base == IGNORE_FILENAME || base == ".gitignore"
}

/// Package `opts.root` into a zip in a 0600 temp file.
pub fn pack(
    opts: &PackOptions,
    progress: &dyn Fn(PackProgress),
) -> Result<PackedArchive, ArchiveError> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(ArchiveError::NotADirectory { path: root.clone() });
    }
    let (entries, mut excluded) = collect(opts)?;
    // Only ignore files left (e.g. `*.py` in a Python tree) would scan nothing and pass every
    // gate: that is as empty as no files at all.
    if entries.iter().all(|e| is_ignore_file(&e.name)) {
        return Err(ArchiveError::Empty { path: root.clone() });
    }
    progress(PackProgress::Scanned {
        files: entries.len() as u64,
        bytes: entries.iter().map(|e| e.size).sum(),
    });

    let dir = opts.temp_dir.clone().unwrap_or_else(std::env::temp_dir);
    // tempfile creates the file with mode 0600 on unix: the archive holds the user's source.
    let tmp = tempfile::Builder::new()
        .prefix("kdt-pack-")
        .suffix(".zip")
        .tempfile_in(&dir)
        .map_err(ArchiveError::Write)?;
    // Split so the path deletes the file on drop on every error path below.
    let (file, path) = tmp.into_parts();
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let (files, bytes_in, bytes_out) =
        write_zip(root, file, &dir, &entries, threads, progress, &mut excluded)?;
    if files == 0 {
        // Every candidate failed to read: an archive with no entries would scan nothing.
        return Err(ArchiveError::Empty { path: root.clone() });
    }
    Ok(PackedArchive {
        file: path,
        stats: PackStats {
            files,
            bytes_in,
            bytes_out,
            excluded,
        },
    })
}

fn rule_for_dir(name: &str, path: &Path) -> Option<ExcludeKind> {
    DEFAULT_EXCLUDES.iter().find_map(|r| match *r {
        Dir(n, k) if n == name => Some(k),
        // One stat per directory with a venv-like name: cheap, and avoids dropping a source
        // directory that happens to be called `env`.
        VenvDir(n) if n == name && path.join("pyvenv.cfg").is_file() => Some(K::Virtualenv),
        _ => None,
    })
}

fn rule_for_file(name: &str) -> Option<ExcludeKind> {
    let (_, ext) = name.rsplit_once('.')?;
    DEFAULT_EXCLUDES.iter().find_map(|r| match *r {
        Ext(e, k) if e.eq_ignore_ascii_case(ext) => Some(k),
        _ => None,
    })
}

fn kind_key(k: ExcludeKind) -> &'static str {
    match k {
        K::Vcs => "vcs",
        K::Directory => "directory",
        K::Virtualenv => "virtualenv",
        K::Binary => "binary",
        K::Archive => "archive",
        K::Media => "media",
    }
}

/// Walk the tree and return the sorted list of files to pack.
fn collect(opts: &PackOptions) -> Result<(Vec<Entry>, ExcludedStats), ArchiveError> {
    let root = &opts.root;
    let counters: Arc<[AtomicU64; 6]> = Arc::new(Default::default());
    let kinds = [
        K::Vcs,
        K::Directory,
        K::Virtualenv,
        K::Binary,
        K::Archive,
        K::Media,
    ];
    let c = Arc::clone(&counters);
    let mut walk = ignore::WalkBuilder::new(root);
    walk.hidden(false)
        // Honour .gitignore in a checkout without .git (CI exports, tarballs).
        .require_git(false)
        .git_ignore(true)
        .git_exclude(true)
        // The CI user's global excludes must not change what gets scanned.
        .git_global(false)
        .ignore(false)
        .parents(true)
        .follow_links(false)
        .add_custom_ignore_filename(IGNORE_FILENAME)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let Some(name) = e.file_name().to_str() else {
                return true; // reported as unreadable later
            };
            let Some(ft) = e.file_type() else { return true };
            let kind = if ft.is_dir() {
                rule_for_dir(name, e.path())
            } else if ft.is_file() || ft.is_symlink() {
                rule_for_file(name)
            } else {
                None
            };
            match kind {
                Some(k) => {
                    let i = kinds.iter().position(|x| *x == k).unwrap_or(0);
                    c[i].fetch_add(1, Ordering::Relaxed);
                    false
                }
                None => true,
            }
        });

    let canon_root = if opts.follow_symlinks_within_root {
        Some(root.canonicalize().map_err(|source| ArchiveError::Read {
            path: root.clone(),
            source,
        })?)
    } else {
        None
    };
    let mut entries = Vec::new();
    let mut ex = ExcludedStats::default();
    for item in walk.build() {
        let dent = match item {
            Ok(d) => d,
            Err(err) => {
                // An unreadable subdirectory or a bad ignore file should not abort the whole
                // package; it is listed so the caller can warn.
                let p = err_path(&err).unwrap_or_else(|| root.clone());
                ex.unreadable.push((p, err.to_string()));
                continue;
            }
        };
        if dent.depth() == 0 {
            continue;
        }
        let Some(ft) = dent.file_type() else { continue };
        let path = dent.path();
        let link_target = if ft.is_symlink() {
            match canon_root
                .as_deref()
                .and_then(|cr| symlink_file_within(path, cr))
            {
                Some(target) => Some(target),
                None => {
                    ex.symlinks += 1;
                    continue;
                }
            }
        } else if ft.is_file() {
            None
        } else {
            continue; // directories, sockets, fifos, devices
        };
        let rel = path.strip_prefix(root).unwrap_or(path);
        let Some(name) = zip_name(rel) else {
            ex.unreadable
                .push((path.to_path_buf(), "file name is not valid UTF-8".into()));
            continue;
        };
        let meta = match std::fs::metadata(link_target.as_deref().unwrap_or(path)) {
            Ok(m) => m,
            Err(e) => {
                ex.unreadable.push((path.to_path_buf(), e.to_string()));
                continue;
            }
        };
        if meta.len() > opts.max_file_bytes {
            ex.too_large.push((rel.to_path_buf(), meta.len()));
            continue;
        }
        entries.push(Entry {
            name,
            link_target,
            size: meta.len(),
            mode: file_mode(&meta),
            dos_time: dos_time(meta.modified().ok()),
        });
    }
    for (i, k) in kinds.iter().enumerate() {
        let n = counters[i].load(Ordering::Relaxed);
        if n > 0 {
            ex.by_kind.insert(kind_key(*k).to_string(), n);
            ex.by_default_rules += n;
        }
    }
    // Byte order of the `/`-joined names: stable across platforms and runs.
    entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok((entries, ex))
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        _ => None,
    }
}

/// The canonical target of a symlink if it is a regular file inside `canon_root`.
fn symlink_file_within(link: &Path, canon_root: &Path) -> Option<PathBuf> {
    // canonicalize resolves every link in the chain (and fails on loops), so the check below
    // sees the final target, not an intermediate hop.
    let target = link.canonicalize().ok()?;
    if !target.starts_with(canon_root) {
        return None;
    }
    let meta = std::fs::metadata(&target).ok()?;
    meta.is_file().then_some(target)
}

fn zip_name(rel: &Path) -> Option<String> {
    let mut out = String::new();
    for comp in rel.components() {
        if let std::path::Component::Normal(s) = comp {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(s.to_str()?);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(unix)]
fn file_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn file_mode(meta: &std::fs::Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

/// MS-DOS (time, date) in UTC, clamped to the format's 1980–2107 range.
fn dos_time(t: Option<std::time::SystemTime>) -> (u16, u16) {
    // 1980-01-01 00:00:00, the earliest DOS date.
    const MIN: (u16, u16) = (0, (1 << 5) | 1);
    let Some(t) = t else { return MIN };
    let Ok(ts) = jiff::Timestamp::try_from(t) else {
        return MIN;
    };
    let dt = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime();
    let year = i32::from(dt.year());
    if year < 1980 {
        return MIN;
    }
    let year = year.min(2107) as u16;
    let time =
        ((dt.hour() as u16) << 11) | ((dt.minute() as u16) << 5) | ((dt.second() as u16) / 2);
    let date = ((year - 1980) << 9) | ((dt.month() as u16) << 5) | (dt.day() as u16);
    (time, date)
}

// ---------------------------------------------------------------------------------------------
// Compression

/// Raw-deflate `data` into `out` with a reused compressor (its state is reset first).
fn deflate_all(c: &mut Compress, data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    c.reset();
    out.clear();
    // Deflate's worst case is a few bytes per 16 KiB block over the input size.
    out.reserve(data.len() + data.len() / 1000 + 64);
    loop {
        let before_in = c.total_in() as usize;
        let status = c
            .compress_vec(&data[before_in..], out, FlushCompress::Finish)
            .map_err(io::Error::other)?;
        match status {
            Status::StreamEnd => return Ok(()),
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(4096)),
        }
    }
}

/// The result of compressing one small file on a worker.
enum Chunk {
    Ready {
        crc: u32,
        size: u64,
        method: u16,
        data: Vec<u8>,
    },
    /// Too big to hold in memory: deflated into an unnamed spill file.
    Spilled {
        crc: u32,
        size: u64,
        csize: u64,
        file: File,
    },
    Failed(io::Error),
}

struct Shared {
    next: usize,
    /// Entries the writer has consumed (written or skipped).
    written: usize,
    in_flight: u64,
    done: BTreeMap<usize, (Chunk, u64)>,
    abort: bool,
}

fn compress_small(c: &mut Compress, path: &Path, size: u64, buf: &mut Vec<u8>) -> Chunk {
    buf.clear();
    // Exact reservation: read_to_end's doubling would otherwise hold up to 2x the size, which
    // the in-flight budget (counted in file sizes) does not account for.
    buf.reserve_exact(size as usize + 1);
    let res = File::open(path).and_then(|mut f| {
        // Read at most one byte past the expected size to notice files that grew.
        Read::by_ref(&mut f).take(size + 1).read_to_end(buf)
    });
    if let Err(e) = res {
        return Chunk::Failed(e);
    }
    let crc = crc32fast::hash(buf);
    let mut out = Vec::new();
    if let Err(e) = deflate_all(c, buf, &mut out) {
        return Chunk::Failed(e);
    }
    if out.len() >= buf.len() {
        // Incompressible: store it, like zip does.
        buf.shrink_to_fit();
        return Chunk::Ready {
            crc,
            size: buf.len() as u64,
            method: 0,
            data: std::mem::take(buf),
        };
    }
    out.shrink_to_fit();
    Chunk::Ready {
        crc,
        size: buf.len() as u64,
        method: 8,
        data: out,
    }
}

fn worker(root: &Path, entries: &[Entry], spill_dir: &Path, state: &Mutex<Shared>, cv: &Condvar) {
    let mut c = Compress::new(Compression::new(DEFLATE_LEVEL), false);
    let mut buf = Vec::new();
    loop {
        let (idx, cost) = {
            let mut s = state.lock().unwrap();
            loop {
                if s.abort || s.next >= entries.len() {
                    return;
                }
                let e = &entries[s.next];
                let cost = if e.size > STREAM_THRESHOLD { 0 } else { e.size };
                let pending = s.next - s.written;
                // Claim in index order and only within the budgets; when nothing is pending
                // any file may go, so the writer can never wait on an unclaimed entry.
                if pending == 0
                    || (s.in_flight + cost <= IN_FLIGHT_BUDGET && pending < MAX_IN_FLIGHT)
                {
                    let i = s.next;
                    s.next += 1;
                    s.in_flight += cost;
                    break (i, cost);
                }
                s = cv.wait(s).unwrap();
            }
        };
        let e = &entries[idx];
        let chunk = if e.size > STREAM_THRESHOLD {
            compress_spill(&mut c, &e.source(root), spill_dir).unwrap_or_else(Chunk::Failed)
        } else {
            let ch = compress_small(&mut c, &e.source(root), e.size, &mut buf);
            // Do not let one large read buffer linger per worker.
            if buf.capacity() > 1024 * 1024 {
                buf = Vec::new();
            }
            ch
        };
        let mut s = state.lock().unwrap();
        s.done.insert(idx, (chunk, cost));
        cv.notify_all();
    }
}

/// Deflate a large file chunk by chunk into an unnamed temp file.
fn compress_spill(c: &mut Compress, path: &Path, dir: &Path) -> io::Result<Chunk> {
    let mut src = File::open(path)?;
    // Unnamed (O_TMPFILE or unlinked at once): nothing to clean up on any exit path.
    let spill = tempfile::tempfile_in(dir)?;
    let mut w = BufWriter::with_capacity(256 * 1024, spill);
    c.reset();
    let mut hasher = crc32fast::Hasher::new();
    let mut inbuf = vec![0u8; 256 * 1024];
    let mut outbuf = Vec::with_capacity(300 * 1024);
    let mut size = 0u64;
    loop {
        let n = src.read(&mut inbuf)?;
        size += n as u64;
        hasher.update(&inbuf[..n]);
        let flush = if n == 0 {
            FlushCompress::Finish
        } else {
            FlushCompress::None
        };
        let mut input = &inbuf[..n];
        loop {
            outbuf.clear();
            let before = c.total_in();
            let status = c
                .compress_vec(input, &mut outbuf, flush)
                .map_err(io::Error::other)?;
            input = &input[(c.total_in() - before) as usize..];
            w.write_all(&outbuf)?;
            let drained = input.is_empty() && outbuf.len() < outbuf.capacity();
            if status == Status::StreamEnd || (flush == FlushCompress::None && drained) {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    let mut file = w.into_inner().map_err(|e| e.into_error())?;
    let csize = file.stream_position()?;
    file.seek(SeekFrom::Start(0))?;
    Ok(Chunk::Spilled {
        crc: hasher.finalize(),
        size,
        csize,
        file,
    })
}

// ---------------------------------------------------------------------------------------------
// Zip format

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_EOCD: u32 = 0x0605_4b50;
const SIG_ZIP64_EOCD: u32 = 0x0606_4b50;
const SIG_ZIP64_LOCATOR: u32 = 0x0706_4b50;
const FLAG_UTF8: u16 = 1 << 11;
const VERSION_DEFAULT: u16 = 20;
const VERSION_ZIP64: u16 = 45;

struct CentralRecord<'a> {
    name: &'a str,
    crc: u32,
    csize: u64,
    usize: u64,
    offset: u64,
    method: u16,
    mode: u32,
    dos_time: (u16, u16),
}

/// A `Write` that counts bytes, so offsets never need a seek.
struct Counting<W> {
    inner: W,
    pos: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}
fn put64(v: &mut Vec<u8>, x: u64) {
    v.extend_from_slice(&x.to_le_bytes());
}

/// Local file header. With `zip64`, sizes are 0xFFFFFFFF and a ZIP64 extra field holds them.
#[allow(clippy::too_many_arguments)]
fn local_header(
    name: &str,
    crc: u32,
    csize: u64,
    usize: u64,
    method: u16,
    dos_time: (u16, u16),
    zip64: bool,
) -> Vec<u8> {
    let mut h = Vec::with_capacity(30 + name.len() + 20);
    put32(&mut h, SIG_LOCAL);
    put16(
        &mut h,
        if zip64 {
            VERSION_ZIP64
        } else {
            VERSION_DEFAULT
        },
    );
    put16(&mut h, FLAG_UTF8);
    put16(&mut h, method);
    put16(&mut h, dos_time.0);
    put16(&mut h, dos_time.1);
    put32(&mut h, crc);
    if zip64 {
        put32(&mut h, u32::MAX);
        put32(&mut h, u32::MAX);
    } else {
        put32(&mut h, csize as u32);
        put32(&mut h, usize as u32);
    }
    put16(&mut h, name.len() as u16);
    put16(&mut h, if zip64 { 20 } else { 0 });
    h.extend_from_slice(name.as_bytes());
    if zip64 {
        put16(&mut h, 0x0001);
        put16(&mut h, 16);
        put64(&mut h, usize);
        put64(&mut h, csize);
    }
    h
}

fn central_header(r: &CentralRecord<'_>) -> Vec<u8> {
    let big_u = r.usize >= u32::MAX as u64;
    let big_c = r.csize >= u32::MAX as u64;
    let big_o = r.offset >= u32::MAX as u64;
    let mut extra = Vec::new();
    if big_u || big_c || big_o {
        // Field order is fixed by APPNOTE 4.5.3: only the overflowing values, in this order.
        let mut body = Vec::new();
        if big_u {
            put64(&mut body, r.usize);
        }
        if big_c {
            put64(&mut body, r.csize);
        }
        if big_o {
            put64(&mut body, r.offset);
        }
        put16(&mut extra, 0x0001);
        put16(&mut extra, body.len() as u16);
        extra.extend_from_slice(&body);
    }
    let zip64 = !extra.is_empty();
    let mut h = Vec::with_capacity(46 + r.name.len() + extra.len());
    put32(&mut h, SIG_CENTRAL);
    // Made by: unix (3), so readers apply the permission bits in the external attributes.
    put16(&mut h, (3 << 8) | VERSION_ZIP64);
    put16(
        &mut h,
        if zip64 {
            VERSION_ZIP64
        } else {
            VERSION_DEFAULT
        },
    );
    put16(&mut h, FLAG_UTF8);
    put16(&mut h, r.method);
    put16(&mut h, r.dos_time.0);
    put16(&mut h, r.dos_time.1);
    put32(&mut h, r.crc);
    put32(&mut h, if big_c { u32::MAX } else { r.csize as u32 });
    put32(&mut h, if big_u { u32::MAX } else { r.usize as u32 });
    put16(&mut h, r.name.len() as u16);
    put16(&mut h, extra.len() as u16);
    put16(&mut h, 0); // comment
    put16(&mut h, 0); // disk
    put16(&mut h, 0); // internal attributes
    put32(&mut h, (0o100000 | r.mode) << 16); // S_IFREG | permissions
    put32(&mut h, if big_o { u32::MAX } else { r.offset as u32 });
    h.extend_from_slice(r.name.as_bytes());
    h.extend_from_slice(&extra);
    h
}

/// End of central directory; the ZIP64 records are added when needed (or when forced, for tests).
fn end_records(count: u64, cd_offset: u64, cd_size: u64, force_zip64: bool) -> Vec<u8> {
    let mut h = Vec::new();
    let zip64 = force_zip64
        || count >= 0xFFFF
        || cd_offset >= u32::MAX as u64
        || cd_size >= u32::MAX as u64;
    if zip64 {
        let eocd64_offset = cd_offset + cd_size;
        put32(&mut h, SIG_ZIP64_EOCD);
        put64(&mut h, 44);
        put16(&mut h, (3 << 8) | VERSION_ZIP64);
        put16(&mut h, VERSION_ZIP64);
        put32(&mut h, 0);
        put32(&mut h, 0);
        put64(&mut h, count);
        put64(&mut h, count);
        put64(&mut h, cd_size);
        put64(&mut h, cd_offset);
        put32(&mut h, SIG_ZIP64_LOCATOR);
        put32(&mut h, 0);
        put64(&mut h, eocd64_offset);
        put32(&mut h, 1);
    }
    put32(&mut h, SIG_EOCD);
    put16(&mut h, 0);
    put16(&mut h, 0);
    let c16 = if zip64 { 0xFFFF } else { count as u16 };
    put16(&mut h, c16);
    put16(&mut h, c16);
    put32(&mut h, if zip64 { u32::MAX } else { cd_size as u32 });
    put32(&mut h, if zip64 { u32::MAX } else { cd_offset as u32 });
    put16(&mut h, 0);
    h
}

fn write_zip(
    root: &Path,
    file: File,
    spill_dir: &Path,
    entries: &[Entry],
    threads: usize,
    progress: &dyn Fn(PackProgress),
    excluded: &mut ExcludedStats,
) -> Result<(u64, u64, u64), ArchiveError> {
    let state = Mutex::new(Shared {
        next: 0,
        written: 0,
        in_flight: 0,
        done: BTreeMap::new(),
        abort: false,
    });
    let cv = Condvar::new();
    let mut out = Counting {
        inner: BufWriter::with_capacity(1024 * 1024, file),
        pos: 0,
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| worker(root, entries, spill_dir, &state, &cv));
        }
        let result = write_entries(root, &mut out, entries, &state, &cv, progress, excluded);
        if result.is_err() {
            state.lock().unwrap().abort = true;
            cv.notify_all();
        }
        result
    })
}

fn write_entries(
    root: &Path,
    out: &mut Counting<BufWriter<File>>,
    entries: &[Entry],
    state: &Mutex<Shared>,
    cv: &Condvar,
    progress: &dyn Fn(PackProgress),
    excluded: &mut ExcludedStats,
) -> Result<(u64, u64, u64), ArchiveError> {
    let mut central: Vec<CentralRecord> = Vec::with_capacity(entries.len());
    let (mut bytes_in, mut last_report) = (0u64, std::time::Instant::now());
    for (idx, e) in entries.iter().enumerate() {
        let (chunk, cost) = {
            let mut s = state.lock().unwrap();
            loop {
                if let Some(v) = s.done.remove(&idx) {
                    break v;
                }
                s = cv.wait(s).unwrap();
            }
        };
        let rec = match chunk {
            Chunk::Spilled {
                crc,
                size,
                csize,
                mut file,
            } => {
                if size > e.size {
                    excluded
                        .unreadable
                        .push((e.source(root), "file changed while packing".into()));
                    release(state, cv, cost);
                    continue;
                }
                let offset = out.pos;
                let zip64 = size >= u32::MAX as u64 || csize >= u32::MAX as u64;
                let h = local_header(&e.name, crc, csize, size, 8, e.dos_time, zip64);
                out.write_all(&h).map_err(ArchiveError::Write)?;
                let copied = io::copy(&mut file, out).map_err(ArchiveError::Write)?;
                if copied != csize {
                    return Err(ArchiveError::Write(io::Error::other("short spill file")));
                }
                CentralRecord {
                    name: &e.name,
                    crc,
                    csize,
                    usize: size,
                    offset,
                    method: 8,
                    mode: e.mode,
                    dos_time: e.dos_time,
                }
            }
            Chunk::Failed(err) => {
                excluded.unreadable.push((e.source(root), err.to_string()));
                release(state, cv, cost);
                continue;
            }
            Chunk::Ready {
                crc,
                size,
                method,
                data,
            } => {
                if size > e.size {
                    // Grew since the walk (e.g. a log being written): its content is not a
                    // consistent snapshot, so it is reported rather than packed truncated.
                    excluded
                        .unreadable
                        .push((e.source(root), "file changed while packing".into()));
                    release(state, cv, cost);
                    continue;
                }
                let offset = out.pos;
                let h = local_header(
                    &e.name,
                    crc,
                    data.len() as u64,
                    size,
                    method,
                    e.dos_time,
                    false,
                );
                out.write_all(&h).map_err(ArchiveError::Write)?;
                out.write_all(&data).map_err(ArchiveError::Write)?;
                CentralRecord {
                    name: &e.name,
                    crc,
                    csize: data.len() as u64,
                    usize: size,
                    offset,
                    method,
                    mode: e.mode,
                    dos_time: e.dos_time,
                }
            }
        };
        release(state, cv, cost);
        bytes_in += rec.usize;
        central.push(rec);
        if last_report.elapsed() >= std::time::Duration::from_millis(200) {
            last_report = std::time::Instant::now();
            progress(PackProgress::Written {
                files: central.len() as u64,
                bytes_in,
                bytes_out: out.pos,
            });
        }
    }
    let cd_offset = out.pos;
    for r in &central {
        out.write_all(&central_header(r))
            .map_err(ArchiveError::Write)?;
    }
    let cd_size = out.pos - cd_offset;
    out.write_all(&end_records(
        central.len() as u64,
        cd_offset,
        cd_size,
        false,
    ))
    .map_err(ArchiveError::Write)?;
    out.flush().map_err(ArchiveError::Write)?;
    progress(PackProgress::Written {
        files: central.len() as u64,
        bytes_in,
        bytes_out: out.pos,
    });
    Ok((central.len() as u64, bytes_in, out.pos))
}

fn release(state: &Mutex<Shared>, cv: &Condvar, cost: u64) {
    let mut s = state.lock().unwrap();
    s.in_flight -= cost;
    s.written += 1;
    cv.notify_all();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn write(root: &Path, rel: &str, content: &[u8]) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    fn pack_dir(root: &Path) -> PackedArchive {
        let mut o = PackOptions::new(root);
        o.temp_dir = Some(root.parent().unwrap().to_path_buf());
        pack(&o, &|_| {}).unwrap()
    }

    /// Names and contents, read back with the zip crate.
    fn unpack(path: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut z = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
        let mut out = BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            out.insert(f.name().unwrap().to_string(), v);
        }
        out
    }

    fn names(path: &Path) -> Vec<String> {
        let mut z = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
        (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect()
    }

    fn tree() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("src-root");
        std::fs::create_dir(&root).unwrap();
        (t, root)
    }

    #[test]
    fn round_trip_bytes_and_names() {
        let (_t, root) = tree();
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let random: Vec<u8> = (0..50_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        write(&root, "a.txt", b"hello hello hello hello");
        write(&root, "dir/sub/b.rs", b"fn main() {}\n");
        write(&root, "empty.txt", b"");
        write(&root, "big.bin.dat", &big);
        write(&root, "noise.dat", &random);
        write(&root, "ünï cødé.py", b"print('x')");
        let a = pack_dir(&root);
        let files = unpack(a.path());
        assert_eq!(files.len(), 6);
        assert_eq!(files["a.txt"], b"hello hello hello hello");
        assert_eq!(files["dir/sub/b.rs"], b"fn main() {}\n");
        assert_eq!(files["empty.txt"], b"");
        assert_eq!(files["big.bin.dat"], big);
        assert_eq!(files["noise.dat"], random);
        assert_eq!(files["ünï cødé.py"], b"print('x')");
        assert_eq!(a.stats.files, 6);
        assert_eq!(
            a.stats.bytes_out,
            std::fs::metadata(a.path()).unwrap().len()
        );
    }

    #[test]
    fn large_file_is_streamed_and_round_trips() {
        let (_t, root) = tree();
        let size = STREAM_THRESHOLD as usize + 123_457;
        let big: Vec<u8> = (0..size)
            .map(|i| ((i * 7) % 13 + (i / 4096) % 3) as u8)
            .collect();
        write(&root, "huge.log.txt", &big);
        write(&root, "z.txt", b"after");
        let a = pack_dir(&root);
        let files = unpack(a.path());
        assert_eq!(files["huge.log.txt"], big);
        assert_eq!(files["z.txt"], b"after");
    }

    #[test]
    fn deterministic_sorted_order() {
        let (_t, root) = tree();
        for n in ["b/x.c", "a.c", "B.c", "b.c", "a/z.c", "a-b.c"] {
            write(&root, n, n.as_bytes());
        }
        let a = pack_dir(&root);
        let got = names(a.path());
        let mut want = got.clone();
        want.sort();
        assert_eq!(got, want);
        let b = pack_dir(&root);
        assert_eq!(got, names(b.path()));
        // Same content, same timestamps: byte-identical archives.
        assert_eq!(
            std::fs::read(a.path()).unwrap(),
            std::fs::read(b.path()).unwrap()
        );
    }

    #[test]
    fn gitignore_applies_without_git_dir() {
        let (_t, root) = tree();
        write(&root, ".gitignore", b"*.secret\ngenerated/\n");
        write(&root, "keep.js", b"1");
        write(&root, "x.secret", b"2");
        write(&root, "generated/out.js", b"3");
        write(&root, "sub/.gitignore", b"local.txt\n");
        write(&root, "sub/local.txt", b"4");
        write(&root, "sub/kept.txt", b"5");
        let a = pack_dir(&root);
        assert_eq!(
            names(a.path()),
            [".gitignore", "keep.js", "sub/.gitignore", "sub/kept.txt"]
        );
    }

    #[test]
    fn git_info_exclude_is_honoured() {
        let (_t, root) = tree();
        write(&root, ".git/info/exclude", b"private.txt\n");
        write(&root, ".git/HEAD", b"ref: x");
        write(&root, "private.txt", b"1");
        write(&root, "public.txt", b"2");
        let a = pack_dir(&root);
        assert_eq!(names(a.path()), ["public.txt"]);
        assert_eq!(a.stats.excluded.by_kind.get("vcs"), Some(&1));
    }

    #[test]
    fn codethreatignore_applies() {
        let (_t, root) = tree();
        write(&root, ".codethreatignore", b"fixtures/\n*.snap\n");
        write(&root, "fixtures/a.js", b"1");
        write(&root, "t.snap", b"2");
        write(&root, "main.go", b"3");
        write(&root, ".hidden/config.yml", b"4");
        let a = pack_dir(&root);
        assert_eq!(
            names(a.path()),
            [".codethreatignore", ".hidden/config.yml", "main.go"]
        );
    }

    #[test]
    fn default_excludes_are_applied_and_counted() {
        let (_t, root) = tree();
        write(&root, "src/main.rs", b"fn main(){}");
        write(&root, ".git/config", b"x");
        write(&root, "node_modules/x/index.js", b"x");
        write(&root, "target/debug/kdt", b"x");
        write(&root, "web/dist/app.js", b"x");
        write(&root, "pkg/__pycache__/m.cpython.pyc", b"x");
        write(&root, ".venv/pyvenv.cfg", b"home = /usr");
        write(&root, ".venv/lib/site.py", b"x");
        write(&root, "env/pyvenv.cfg", b"home = /usr");
        // A source directory called env without pyvenv.cfg stays.
        write(&root, "config/env/prod.py", b"DEBUG = False");
        write(&root, "logo.PNG", b"x");
        write(&root, "lib.so", b"x");
        write(&root, "bundle.tar.gz", b"x");
        write(&root, "App.class", b"x");
        let a = pack_dir(&root);
        assert_eq!(names(a.path()), ["config/env/prod.py", "src/main.rs"]);
        let ex = &a.stats.excluded;
        assert_eq!(ex.by_kind.get("vcs"), Some(&1));
        assert_eq!(ex.by_kind.get("directory"), Some(&4));
        assert_eq!(ex.by_kind.get("virtualenv"), Some(&2));
        assert_eq!(ex.by_kind.get("media"), Some(&1));
        assert_eq!(ex.by_kind.get("binary"), Some(&2));
        assert_eq!(ex.by_kind.get("archive"), Some(&1));
        assert_eq!(ex.by_default_rules, 11);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_by_default() {
        let (t, root) = tree();
        write(t.path(), "outside/secret.txt", b"do not upload");
        write(&root, "inside.txt", b"ok");
        std::os::unix::fs::symlink(t.path().join("outside/secret.txt"), root.join("leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(t.path().join("outside"), root.join("leakdir")).unwrap();
        std::os::unix::fs::symlink(root.join("inside.txt"), root.join("alias.txt")).unwrap();
        let a = pack_dir(&root);
        assert_eq!(names(a.path()), ["inside.txt"]);
        assert_eq!(a.stats.excluded.symlinks, 3);
    }

    #[cfg(unix)]
    #[test]
    fn follow_within_root_never_escapes_and_loops_terminate() {
        let (t, root) = tree();
        write(t.path(), "outside/secret.txt", b"do not upload");
        write(&root, "inside.txt", b"ok");
        write(&root, "dir/f.txt", b"f");
        let ln = |target: &Path, link: &str| {
            std::os::unix::fs::symlink(target, root.join(link)).unwrap()
        };
        ln(&t.path().join("outside/secret.txt"), "leak.txt");
        ln(Path::new("../outside/secret.txt"), "leak-rel.txt");
        ln(&root.join("inside.txt"), "alias.txt");
        ln(Path::new("dir/../inside.txt"), "alias-rel.txt");
        ln(&root.join("dir"), "dirlink"); // directory links are never followed
        ln(&root.join("loop-a"), "loop-b");
        ln(&root.join("loop-b"), "loop-a");
        ln(&root, "self");
        let mut o = PackOptions::new(&root);
        o.follow_symlinks_within_root = true;
        let a = pack(&o, &|_| {}).unwrap();
        let files = unpack(a.path());
        let names: Vec<_> = files.keys().cloned().collect();
        assert_eq!(
            names,
            ["alias-rel.txt", "alias.txt", "dir/f.txt", "inside.txt"]
        );
        assert_eq!(files["alias.txt"], b"ok");
        assert_eq!(a.stats.excluded.symlinks, 6);
    }

    #[test]
    fn size_cap_skips_and_lists() {
        let (_t, root) = tree();
        write(&root, "small.txt", b"12345");
        write(&root, "dump.sql", &[b'x'; 2000]);
        let mut o = PackOptions::new(&root);
        o.max_file_bytes = 1000;
        let a = pack(&o, &|_| {}).unwrap();
        assert_eq!(names(a.path()), ["small.txt"]);
        assert_eq!(
            a.stats.excluded.too_large,
            vec![(PathBuf::from("dump.sql"), 2000)]
        );
    }

    #[test]
    fn only_ignore_files_left_is_empty() {
        let (_t, root) = tree();
        write(&root, ".codethreatignore", b"*.py\n");
        write(&root, "sub/.gitignore", b"*.pyc\n");
        write(&root, "app.py", b"eval(x)\n");
        let err = pack(&PackOptions::new(&root), &|_| {}).unwrap_err();
        assert!(matches!(err, ArchiveError::Empty { .. }));
        // With one real file, the ignore files are packed along with it.
        write(&root, "main.go", b"package main\n");
        assert_eq!(
            pack(&PackOptions::new(&root), &|_| {}).unwrap().stats.files,
            3
        );
    }

    #[test]
    fn empty_tree_is_an_error_and_leaves_no_temp_file() {
        let (t, root) = tree();
        write(&root, "node_modules/a.js", b"x");
        write(&root, "pic.png", b"x");
        let tmp = t.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let mut o = PackOptions::new(&root);
        o.temp_dir = Some(tmp.clone());
        let err = pack(&o, &|_| {}).unwrap_err();
        assert!(matches!(err, ArchiveError::Empty { .. }));
        let msg = err.to_string();
        assert!(
            msg.contains("--path") && msg.contains(".codethreatignore"),
            "{msg}"
        );
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    }

    #[test]
    fn default_excludes_markdown_lists_every_rule() {
        let md = default_excludes_markdown();
        assert_eq!(md.lines().count(), 6);
        for needle in [
            "`.git/`",
            "`node_modules/`",
            "`.venv/`",
            "`*.so`",
            "`*.7z`",
            "`*.pdf`",
        ] {
            assert!(md.contains(needle), "{needle} in {md}");
        }
    }

    #[test]
    fn missing_temp_dir_is_a_write_error() {
        let (t, root) = tree();
        write(&root, "a.txt", b"x");
        let mut o = PackOptions::new(&root);
        o.temp_dir = Some(t.path().join("no-such-dir"));
        assert!(matches!(pack(&o, &|_| {}), Err(ArchiveError::Write(_))));
    }

    #[test]
    fn root_with_trailing_slash_gives_relative_names() {
        let (_t, root) = tree();
        write(&root, "x/y.txt", b"x");
        let mut o = PackOptions::new(format!("{}/", root.display()));
        o.temp_dir = Some(root.parent().unwrap().to_path_buf());
        let a = pack(&o, &|_| {}).unwrap();
        assert_eq!(names(a.path()), ["x/y.txt"]);
    }

    #[test]
    fn progress_reports_scan_and_final_write() {
        let (_t, root) = tree();
        write(&root, "a.txt", b"abc");
        write(&root, "b.txt", b"def");
        let events = std::cell::RefCell::new(Vec::new());
        let o = PackOptions::new(&root);
        let a = pack(&o, &|p| events.borrow_mut().push(p)).unwrap();
        let ev = events.into_inner();
        assert!(matches!(
            ev.first(),
            Some(PackProgress::Scanned { files: 2, bytes: 6 })
        ));
        match ev.last() {
            Some(PackProgress::Written {
                files,
                bytes_in,
                bytes_out,
            }) => {
                assert_eq!((*files, *bytes_in), (2, 6));
                assert_eq!(*bytes_out, a.stats.bytes_out);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn not_a_directory() {
        let (t, _root) = tree();
        let err = pack(&PackOptions::new(t.path().join("missing")), &|_| {}).unwrap_err();
        assert!(matches!(err, ArchiveError::NotADirectory { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn temp_file_is_0600_and_removed_on_drop() {
        use std::os::unix::fs::PermissionsExt;
        let (_t, root) = tree();
        write(&root, "a.txt", b"x");
        let a = pack_dir(&root);
        let path = a.path().to_path_buf();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        drop(a);
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn unix_permissions_are_recorded() {
        use std::os::unix::fs::PermissionsExt;
        let (_t, root) = tree();
        write(&root, "run.sh", b"#!/bin/sh\n");
        std::fs::set_permissions(root.join("run.sh"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let a = pack_dir(&root);
        let mut z = zip::ZipArchive::new(File::open(a.path()).unwrap()).unwrap();
        assert_eq!(z.by_index(0).unwrap().unix_mode().unwrap() & 0o777, 0o755);
    }

    #[test]
    fn many_files_with_one_thread_and_tiny_budget_paths() {
        let (_t, root) = tree();
        for i in 0..300 {
            write(
                &root,
                &format!("d{}/f{i:03}.txt", i % 7),
                format!("{i}").repeat(i).as_bytes(),
            );
        }
        let mut o = PackOptions::new(&root);
        o.threads = 1;
        let a = pack(&o, &|_| {}).unwrap();
        let files = unpack(a.path());
        assert_eq!(files.len(), 300);
        assert_eq!(files["d3/f010.txt"], "10".repeat(10).as_bytes());
    }

    #[test]
    fn zip64_end_records_for_many_entries() {
        // More than 65535 entries would take too long here; check the record logic directly
        // and that a reader accepts an archive whose EOCD went through the ZIP64 path.
        let mut buf = Vec::new();
        let name = "a.txt";
        let data = b"hi";
        let crc = crc32fast::hash(data);
        buf.extend(local_header(name, crc, 2, 2, 0, (0, 33), false));
        buf.extend_from_slice(data);
        let cd_offset = buf.len() as u64;
        let rec = CentralRecord {
            name,
            crc,
            csize: 2,
            usize: 2,
            offset: 0,
            method: 0,
            mode: 0o644,
            dos_time: (0, 33),
        };
        buf.extend(central_header(&rec));
        let cd_size = buf.len() as u64 - cd_offset;
        let end = end_records(1, cd_offset, cd_size, true);
        assert_eq!(end.len(), 56 + 20 + 22);
        assert_eq!(
            end_records(70_000, cd_offset, cd_size, false).len(),
            end.len()
        );
        assert_eq!(end_records(1, cd_offset, cd_size, false).len(), 22);
        buf.extend(end);
        let mut z = zip::ZipArchive::new(Cursor::new(buf)).unwrap();
        assert_eq!(z.len(), 1);
        let mut s = String::new();
        z.by_index(0).unwrap().read_to_string(&mut s).unwrap();
        assert_eq!(s, "hi");
    }

    #[test]
    fn external_readers_accept_the_archive() {
        let (_t, root) = tree();
        write(&root, "a.txt", &b"abc".repeat(1000));
        write(&root, "b/c.txt", b"x");
        let a = pack_dir(&root);
        match std::process::Command::new("unzip")
            .arg("-tq")
            .arg(a.path())
            .output()
        {
            Ok(out) => assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(_) => eprintln!("note: unzip not installed; skipping (apt-get install -y unzip)"),
        }
        let py = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(len(z.namelist()))";
        match std::process::Command::new("python3")
            .args(["-c", py])
            .arg(a.path())
            .output()
        {
            Ok(out) => {
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
            }
            Err(_) => eprintln!("note: python3 not installed; skipping"),
        }
    }
}
