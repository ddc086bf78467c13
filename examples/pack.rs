//! Package a directory with `kdt::archive` and print the stats as JSON (used by
//! `benches/pack.sh`): `cargo run --release --example pack -- <DIR> <OUT.zip> [--list FILE]`.
//! With `--list`, the packed entry names are written one per line, so other zip tools can be
//! fed exactly the same files.

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, out) = match (args.first(), args.get(1)) {
        (Some(d), Some(o)) => (d, o),
        _ => anyhow::bail!("usage: pack <DIR> <OUT.zip> [--list FILE] [--threads N]"),
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let mut opts = kdt::archive::PackOptions::new(dir);
    if let Some(n) = flag("--threads") {
        opts.threads = n.parse()?;
    }
    let out = std::path::PathBuf::from(out);
    opts.temp_dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Into::into);
    let start = std::time::Instant::now();
    let scanned = std::cell::Cell::new(0.0);
    let packed = kdt::archive::pack(&opts, &|p| {
        if let kdt::archive::PackProgress::Scanned { .. } = p {
            scanned.set(start.elapsed().as_secs_f64());
        }
    })?;
    let elapsed = start.elapsed();
    packed.file.persist(&out)?;
    if let Some(list) = flag("--list") {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&out)?)?;
        let mut w = std::io::BufWriter::new(std::fs::File::create(list)?);
        for i in 0..z.len() {
            writeln!(w, "{}", z.by_index_raw(i)?.name()?)?;
        }
    }
    let stats = serde_json::json!({
        "seconds": elapsed.as_secs_f64(),
        "walk_seconds": scanned.get(),
        "stats": packed.stats,
    });
    println!("{}", serde_json::to_string_pretty(&stats)?);
    Ok(())
}
