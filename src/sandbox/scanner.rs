//! The sandbox's tiny rules engine: line-oriented regular expressions over text files.
//!
//! This is not a SAST engine. It exists so that the sandbox reports *real*, deterministic
//! findings for the code a client uploads: the same input always yields the same findings with
//! the same ids, and every endpoint (status counts, issues list, helper summary, SARIF) is fed
//! from the one `Finding` list produced here, so they always agree.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The same severity scale kdt's reports use (lower case in JSON).
pub use crate::report::Severity;

/// Languages the rules know about, detected from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Python,
    JavaScript,
    TypeScript,
    Java,
    CSharp,
    Go,
    Php,
    Ruby,
    Html,
    /// Any other text file (configuration, env files, docs): only the secret rules apply.
    Text,
}

impl Lang {
    pub fn from_path(path: &str) -> Lang {
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "py" | "pyw" => Lang::Python,
            "js" | "jsx" | "mjs" | "cjs" => Lang::JavaScript,
            "ts" | "tsx" | "mts" | "cts" => Lang::TypeScript,
            "java" | "jsp" => Lang::Java,
            "cs" => Lang::CSharp,
            "go" => Lang::Go,
            "php" => Lang::Php,
            "rb" => Lang::Ruby,
            "html" | "htm" | "vue" | "svelte" => Lang::Html,
            _ => Lang::Text,
        }
    }

    /// The `lang` value used in issue objects (and VSC's platformnotes keys where they exist).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Java => "java",
            Lang::CSharp => "csharp",
            Lang::Go => "go",
            Lang::Php => "php",
            Lang::Ruby => "ruby",
            Lang::Html => "html",
            Lang::Text => "text",
        }
    }
}

/// Which files a rule looks at.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Every text file, source or not (secrets live in config files too).
    Any,
    /// Any recognised source language.
    Code,
    Only(&'static [Lang]),
}

impl Scope {
    fn applies(self, lang: Lang) -> bool {
        match self {
            Scope::Any => true,
            Scope::Code => lang != Lang::Text,
            Scope::Only(langs) => langs.contains(&lang),
        }
    }

    fn describe(self) -> String {
        match self {
            Scope::Any => "any text file".to_string(),
            Scope::Code => "all source languages".to_string(),
            Scope::Only(langs) => langs
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One rule of the built-in rule set.
pub struct Rule {
    pub id: &'static str,
    pub weakness_id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub cwe: &'static str,
    pub description: &'static str,
    pub mitigation: &'static str,
    scope: Scope,
    pattern: Regex,
    /// Matches that also match this are dropped (the regex crate has no look-around).
    exclude: Option<Regex>,
}

impl Rule {
    pub fn languages(&self) -> String {
        self.scope.describe()
    }
}

const PY: &[Lang] = &[Lang::Python];
const JS: &[Lang] = &[Lang::JavaScript, Lang::TypeScript];
const JS_HTML: &[Lang] = &[Lang::JavaScript, Lang::TypeScript, Lang::Html];
const JAVA: &[Lang] = &[Lang::Java];
const GO: &[Lang] = &[Lang::Go];
const PHP: &[Lang] = &[Lang::Php];
const JAVA_CS: &[Lang] = &[Lang::Java, Lang::CSharp];
const SQL_LANGS: &[Lang] = &[
    Lang::Python,
    Lang::JavaScript,
    Lang::TypeScript,
    Lang::Java,
    Lang::CSharp,
    Lang::Go,
    Lang::Php,
    Lang::Ruby,
];

#[allow(clippy::too_many_arguments)]
fn rule(
    id: &'static str,
    weakness_id: &'static str,
    title: &'static str,
    severity: Severity,
    cwe: &'static str,
    scope: Scope,
    pattern: &str,
    exclude: Option<&str>,
    description: &'static str,
    mitigation: &'static str,
) -> Rule {
    Rule {
        id,
        weakness_id,
        title,
        severity,
        cwe,
        description,
        mitigation,
        scope,
        pattern: Regex::new(pattern).expect("built-in rule pattern compiles"),
        exclude: exclude.map(|e| Regex::new(e).expect("built-in exclude pattern compiles")),
    }
}

/// The built-in rule set. README.md (the sandbox section) has the same table; keep them in step.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use Severity::*;
    vec![
        rule(
            "CT-PY-001",
            "code_injection",
            "Code Injection via eval/exec",
            Critical,
            "CWE-95",
            Scope::Only(PY),
            r"(?:^|[^.\w])(?:eval|exec)\s*\(",
            None,
            "Dynamic evaluation of strings lets attacker-controlled input run as code.",
            "Never evaluate untrusted input; use ast.literal_eval or explicit parsing.",
        ),
        rule(
            "CT-JS-001",
            "code_injection",
            "Code Injection via eval/Function",
            Critical,
            "CWE-95",
            Scope::Only(JS_HTML),
            r"(?:^|[^.\w])eval\s*\(|\bnew\s+Function\s*\(",
            None,
            "eval and the Function constructor execute strings as code.",
            "Remove dynamic evaluation; parse data with JSON.parse.",
        ),
        rule(
            "CT-PHP-001",
            "code_injection",
            "Code or File Inclusion from Request Input",
            Critical,
            "CWE-98",
            Scope::Only(PHP),
            r"\b(?:eval|include|include_once|require|require_once)\s*\(?\s*\$_(?:GET|POST|REQUEST|COOKIE)",
            None,
            "Request parameters flow straight into eval or include.",
            "Map request values to a fixed allow-list of files or actions.",
        ),
        rule(
            "CT-SQL-001",
            "sql_injection",
            "SQL Injection by String Concatenation",
            High,
            "CWE-89",
            Scope::Only(SQL_LANGS),
            r#"(?i)(?:"(?:select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)[^"]*"|'(?:select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)[^']*')\s*(?:\+|\.\s*format\s*\(|%\s*[\w(]|\.\s*\$|\.\s)"#,
            None,
            "A SQL statement is built by concatenating or formatting values into the query text.",
            "Use parameterised queries or prepared statements.",
        ),
        rule(
            "CT-PY-002",
            "sql_injection",
            "SQL Injection via f-string",
            High,
            "CWE-89",
            Scope::Only(PY),
            r#"(?i)\bf(?:"(?:select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)[^"]*\{|'(?:select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)[^']*\{)"#,
            None,
            "A SQL statement is built with an f-string that interpolates values.",
            "Pass values as query parameters (cursor.execute(sql, params)).",
        ),
        rule(
            "CT-PY-003",
            "command_injection",
            "OS Command Injection (shell)",
            Critical,
            "CWE-78",
            Scope::Only(PY),
            r"\bos\.(?:system|popen)\s*\(|\bsubprocess\.\w+\s*\(.*\bshell\s*=\s*True",
            None,
            "A command line is handed to the shell, which interprets metacharacters in input.",
            "Call subprocess.run with an argument list and shell=False.",
        ),
        rule(
            "CT-JS-002",
            "command_injection",
            "OS Command Injection (child_process)",
            Critical,
            "CWE-78",
            Scope::Only(JS),
            r#"(?:^|[^.\w$]|\bchild_process\.|\bcp\.)exec(?:Sync)?\s*\(\s*(?:`[^`]*\$\{|["'][^"']*["']\s*\+|[A-Za-z_$][\w$.]*\s*[,)])"#,
            None,
            "A shell command string is built from variables and run by child_process.exec.",
            "Use execFile/spawn with an argument array; never build shell strings from input.",
        ),
        rule(
            "CT-JAVA-001",
            "command_injection",
            "OS Command Execution via Runtime.exec",
            High,
            "CWE-78",
            Scope::Only(JAVA),
            r"\bRuntime\.getRuntime\s*\(\s*\)\s*\.exec\s*\(",
            None,
            "Runtime.exec runs an operating-system command; with input it is command injection.",
            "Use ProcessBuilder with a fixed command and validated arguments.",
        ),
        rule(
            "CT-GO-001",
            "command_injection",
            "OS Command Injection via a shell",
            High,
            "CWE-78",
            Scope::Only(GO),
            r#"\bexec\.Command(?:Context)?\s*\([^)]*"(?:sh|bash|/bin/sh|/bin/bash|cmd|cmd\.exe|powershell)""#,
            None,
            "A command is run through a shell interpreter, which expands metacharacters.",
            "Run the program directly with exec.Command(name, args...).",
        ),
        rule(
            "CT-CRYPTO-001",
            "weak_hash",
            "Weak Hash Algorithm (MD5/SHA-1)",
            Medium,
            "CWE-328",
            Scope::Code,
            r#"\bhashlib\.(?:md5|sha1)\s*\(|MessageDigest\.getInstance\s*\(\s*"(?i:md5|sha-?1)"|\bcreateHash\s*\(\s*['"](?i:md5|sha1)['"]|\b(?:md5|sha1)\.(?:New|Sum)\s*\(|\b(?:MD5|SHA1)\.Create\s*\(|\b(?:md5|sha1)\s*\(\s*\$"#,
            None,
            "MD5 and SHA-1 are broken for collision resistance and unsuitable for security use.",
            "Use SHA-256 or better; for passwords use a password hash such as Argon2 or bcrypt.",
        ),
        rule(
            "CT-SEC-001",
            "hardcoded_secret",
            "Hard-coded AWS Access Key",
            Critical,
            "CWE-798",
            Scope::Any,
            r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
            None,
            "An AWS access key id is committed to the source tree.",
            "Revoke the key and load credentials from the environment or a secret store.",
        ),
        rule(
            "CT-SEC-002",
            "hardcoded_secret",
            "Private Key in Source",
            Critical,
            "CWE-321",
            Scope::Any,
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----",
            None,
            "A private key is committed to the source tree.",
            "Remove the key, rotate it and keep keys outside the repository.",
        ),
        rule(
            "CT-SEC-003",
            "hardcoded_secret",
            "Hard-coded Password or Token",
            High,
            "CWE-798",
            Scope::Any,
            r#"(?i)\b\w*?(?:password|passwd|pwd|secret|secret_key|api_?key|access_?token|auth_?token)\b["']?\s*[:=]\s*["'][^"'\s]{6,}["']"#,
            Some(
                r#"(?i)["'](?:changeme|password|your[_-]?\w*|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|x{6,}|\*{6,})["']"#,
            ),
            "A credential literal is assigned in code or configuration.",
            "Read secrets from the environment or a secret manager at run time.",
        ),
        rule(
            "CT-PY-004",
            "insecure_deserialization",
            "Insecure Deserialization (pickle/yaml.load)",
            High,
            "CWE-502",
            Scope::Only(PY),
            r"\b(?:pickle|cPickle|dill|marshal)\.loads?\s*\(|\byaml\.(?:load|unsafe_load|load_all)\s*\(",
            Some(r"Loader\s*=\s*(?:yaml\.)?(?:Safe|CSafe)Loader"),
            "Deserialising untrusted data with pickle or yaml.load can execute arbitrary code.",
            "Use json, or yaml.safe_load; never unpickle untrusted data.",
        ),
        rule(
            "CT-DESER-001",
            "insecure_deserialization",
            "Insecure Deserialization (ObjectInputStream/BinaryFormatter)",
            High,
            "CWE-502",
            Scope::Only(JAVA_CS),
            r"\bnew\s+ObjectInputStream\s*\(|\bBinaryFormatter\s*\(|\bNetDataContractSerializer\s*\(",
            None,
            "Native object deserialisation of untrusted streams enables gadget-chain attacks.",
            "Use a data-only format (JSON) or a look-ahead allow-list of classes.",
        ),
        rule(
            "CT-XSS-001",
            "cross_site_scripting",
            "DOM XSS Sink (innerHTML/document.write)",
            Medium,
            "CWE-79",
            Scope::Only(JS_HTML),
            r"\.(?:inner|outer)HTML\s*(?:\+?=)[^=]|\bdocument\.write(?:ln)?\s*\(|\binsertAdjacentHTML\s*\(",
            None,
            "HTML is written into the DOM from strings that may contain user input.",
            "Assign textContent, or sanitise with a vetted library before inserting HTML.",
        ),
        rule(
            "CT-XSS-002",
            "cross_site_scripting",
            "React dangerouslySetInnerHTML",
            Medium,
            "CWE-79",
            Scope::Only(JS),
            r"\bdangerouslySetInnerHTML\s*=",
            None,
            "Raw HTML is injected into a React component.",
            "Render text, or sanitise the HTML (e.g. DOMPurify) first.",
        ),
        rule(
            "CT-TLS-001",
            "improper_certificate_validation",
            "TLS Certificate Verification Disabled (verify=False)",
            High,
            "CWE-295",
            Scope::Only(PY),
            r"\bverify\s*=\s*False\b|\bssl\._create_unverified_context\s*\(|\bCERT_NONE\b",
            None,
            "HTTPS requests are made without verifying the server certificate.",
            "Keep verification on; point verify= at a CA bundle if a private CA is needed.",
        ),
        rule(
            "CT-TLS-002",
            "improper_certificate_validation",
            "TLS Certificate Verification Disabled (rejectUnauthorized)",
            High,
            "CWE-295",
            Scope::Only(JS),
            r#"\brejectUnauthorized\s*:\s*false\b|NODE_TLS_REJECT_UNAUTHORIZED['"]?\]?\s*=\s*['"]?0"#,
            None,
            "Node TLS connections accept any certificate.",
            "Remove rejectUnauthorized:false; configure the ca option instead.",
        ),
        rule(
            "CT-TLS-003",
            "improper_certificate_validation",
            "TLS Certificate Verification Disabled (InsecureSkipVerify)",
            High,
            "CWE-295",
            Scope::Only(GO),
            r"\bInsecureSkipVerify\s*:\s*true\b",
            None,
            "Go TLS clients accept any certificate.",
            "Remove InsecureSkipVerify; add the CA to RootCAs.",
        ),
        rule(
            "CT-HTTP-001",
            "cleartext_transmission",
            "Cleartext HTTP URL",
            Low,
            "CWE-319",
            Scope::Code,
            r#"["'`]http://[^"'`\s]+"#,
            Some(
                r#"^["'`]http://(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|www\.w3\.org|schemas\.|xmlns|example\.(?:com|org))"#,
            ),
            "Data is sent over unencrypted HTTP.",
            "Use https:// URLs.",
        ),
        rule(
            "CT-PY-005",
            "debug_enabled",
            "Flask Debug Mode Enabled",
            Medium,
            "CWE-489",
            Scope::Only(PY),
            r"\.run\s*\(.*\bdebug\s*=\s*True",
            None,
            "The Werkzeug debugger allows code execution from the browser.",
            "Never enable debug mode outside local development.",
        ),
    ]
});

pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// One SAST finding. Positions are 1-based lines and 0-based byte columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id: a hash of project, file, line and rule.
    pub issue_id: String,
    pub rule_id: String,
    pub weakness_id: String,
    pub title: String,
    pub severity: Severity,
    pub language: String,
    pub path: String,
    pub line: u32,
    pub start_col: u32,
    pub end_col: u32,
    pub snippet: String,
}

/// One SCA finding: a known-vulnerable dependency version in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaFinding {
    pub manifest: String,
    pub package: String,
    pub version: String,
    pub cve: String,
    pub title: String,
    pub severity: Severity,
}

/// The longest snippet kept per finding; minified files have enormous lines.
const MAX_SNIPPET: usize = 240;

/// Stable 12-hex-digit id for a finding.
pub fn issue_id(project: &str, path: &str, line: u32, rule_id: &str) -> String {
    let mut h = Sha256::new();
    for part in [project, path, &line.to_string(), rule_id] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..8])
}

/// Runs every applicable rule over one file. At most one finding per (rule, line).
pub fn scan_file(project: &str, path: &str, text: &str) -> Vec<Finding> {
    let lang = Lang::from_path(path);
    let rules: Vec<&Rule> = RULES.iter().filter(|r| r.scope.applies(lang)).collect();
    let mut out = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx as u32 + 1;
        for rule in &rules {
            // The exclusion sees the rest of the line from the match on, so it can look at
            // trailing context such as a `Loader=SafeLoader` argument.
            let Some(m) = rule.pattern.find_iter(line).find(|m| {
                rule.exclude
                    .as_ref()
                    .is_none_or(|ex| !ex.is_match(&line[m.start()..]))
            }) else {
                continue;
            };
            out.push(Finding {
                issue_id: issue_id(project, path, line_no, rule.id),
                rule_id: rule.id.to_string(),
                weakness_id: rule.weakness_id.to_string(),
                title: rule.title.to_string(),
                severity: rule.severity,
                language: lang.as_str().to_string(),
                path: path.to_string(),
                line: line_no,
                start_col: m.start() as u32,
                end_col: m.end() as u32,
                snippet: truncate(line.trim_end(), MAX_SNIPPET),
            });
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Known-vulnerable versions (fixed-in version, CVE). Deliberately tiny: enough to exercise
/// the SCA counters end to end, not a vulnerability database.
const SCA_DB: &[(&str, &str, &str, &str, Severity, &str)] = &[
    // (ecosystem, package, fixed in, cve, severity, title)
    (
        "npm",
        "lodash",
        "4.17.21",
        "CVE-2021-23337",
        Severity::High,
        "Command injection in lodash template",
    ),
    (
        "npm",
        "minimist",
        "1.2.6",
        "CVE-2021-44906",
        Severity::Critical,
        "Prototype pollution in minimist",
    ),
    (
        "pypi",
        "pyyaml",
        "5.4",
        "CVE-2020-14343",
        Severity::Critical,
        "Arbitrary code execution in PyYAML full_load",
    ),
    (
        "pypi",
        "requests",
        "2.31.0",
        "CVE-2023-32681",
        Severity::Medium,
        "Proxy-Authorization header leak in requests",
    ),
];

static NPM_DEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(@?[\w./-]+)"\s*:\s*"[\^~=v]?(\d+(?:\.\d+)*)""#).unwrap());
static PYPI_DEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*(\d+(?:\.\d+)*)").unwrap());

fn version_lt(a: &str, b: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (mut a, mut b) = (parse(a), parse(b));
    let n = a.len().max(b.len());
    a.resize(n, 0);
    b.resize(n, 0);
    a < b
}

/// Flags known-bad versions in `package.json` and `requirements*.txt`.
pub fn scan_manifest(path: &str, text: &str) -> Vec<ScaFinding> {
    let base = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let (eco, re): (&str, &Regex) = if base == "package.json" {
        ("npm", &NPM_DEP)
    } else if base.starts_with("requirements") && base.ends_with(".txt") {
        ("pypi", &PYPI_DEP)
    } else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        for cap in re.captures_iter(line) {
            let (name, version) = (cap[1].to_ascii_lowercase(), cap[2].to_string());
            for (e, pkg, fixed, cve, sev, title) in SCA_DB {
                if *e == eco && *pkg == name && version_lt(&version, fixed) {
                    out.push(ScaFinding {
                        manifest: path.to_string(),
                        package: name.clone(),
                        version: version.clone(),
                        cve: cve.to_string(),
                        title: title.to_string(),
                        severity: *sev,
                    });
                }
            }
        }
    }
    out
}

/// Result of analysing a whole source tree.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub sca: Vec<ScaFinding>,
    pub files: u32,
    pub text_files: u32,
    pub loc: u64,
    pub languages: Vec<String>,
}

/// Analyses `(path, text)` pairs. Findings are sorted by path, line and rule so the output does
/// not depend on archive order.
pub fn analyse<'a>(
    project: &str,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    total_files: u32,
) -> Analysis {
    let mut a = Analysis {
        files: total_files,
        ..Analysis::default()
    };
    let mut langs = std::collections::BTreeSet::new();
    for (path, text) in files {
        a.text_files += 1;
        a.loc += text.lines().count() as u64;
        let lang = Lang::from_path(path);
        if lang != Lang::Text {
            langs.insert(lang.as_str().to_string());
        }
        a.findings.extend(scan_file(project, path, text));
        a.sca.extend(scan_manifest(path, text));
    }
    a.findings.sort_by(|x, y| {
        (x.path.as_str(), x.line, x.rule_id.as_str()).cmp(&(
            y.path.as_str(),
            y.line,
            y.rule_id.as_str(),
        ))
    });
    a.sca
        .sort_by(|x, y| (&x.manifest, &x.package).cmp(&(&y.manifest, &y.package)));
    a.languages = langs.into_iter().collect();
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_hit(path: &str, line: &str) -> Vec<String> {
        scan_file("p", path, line)
            .into_iter()
            .map(|f| f.rule_id)
            .collect()
    }

    #[test]
    fn every_rule_fires_on_its_example() {
        let cases: &[(&str, &str, &str)] = &[
            ("CT-PY-001", "a.py", "result = eval(request.args['x'])"),
            ("CT-JS-001", "a.js", "const f = new Function(body);"),
            ("CT-PHP-001", "a.php", "include($_GET['page']);"),
            (
                "CT-SQL-001",
                "A.java",
                r#"String q = "SELECT * FROM users WHERE id=" + id;"#,
            ),
            (
                "CT-SQL-001",
                "A.java",
                r#"String q = "SELECT id FROM a WHERE u = '" + user + "'";"#,
            ),
            (
                "CT-SQL-001",
                "a.php",
                r#"$q = 'DELETE FROM t WHERE id=' . $id;"#,
            ),
            (
                "CT-PY-002",
                "a.py",
                r#"cur.execute(f"SELECT * FROM t WHERE name = '{name}'")"#,
            ),
            ("CT-PY-003", "a.py", "os.system('ping ' + host)"),
            ("CT-JS-002", "a.ts", "exec(`ls ${dir}`, cb)"),
            ("CT-JAVA-001", "A.java", "Runtime.getRuntime().exec(cmd);"),
            ("CT-GO-001", "a.go", r#"exec.Command("sh", "-c", cmd)"#),
            ("CT-CRYPTO-001", "a.py", "h = hashlib.md5(data)"),
            ("CT-SEC-001", "config.ini", "key = AKIAIOSFODNN7EXAMPLE"),
            ("CT-SEC-002", "id_rsa", "-----BEGIN RSA PRIVATE KEY-----"),
            ("CT-SEC-003", "settings.py", r#"PASSWORD = "hunter2secret""#),
            (
                "CT-SEC-003",
                "db.go",
                r#"const DB_PASSWORD = "s3cr3t-pass""#,
            ),
            ("CT-SEC-003", "app.json", r#""apiKey": "abc123def456""#),
            ("CT-PY-004", "a.py", "obj = pickle.loads(blob)"),
            ("CT-DESER-001", "A.cs", "var f = new BinaryFormatter();"),
            ("CT-XSS-001", "a.js", "el.innerHTML = userInput;"),
            (
                "CT-XSS-002",
                "a.jsx",
                "<div dangerouslySetInnerHTML={{__html: x}} />",
            ),
            ("CT-TLS-001", "a.py", "requests.get(url, verify=False)"),
            (
                "CT-TLS-002",
                "a.js",
                "https.request({rejectUnauthorized: false})",
            ),
            (
                "CT-TLS-003",
                "a.go",
                "cfg := &tls.Config{InsecureSkipVerify: true}",
            ),
            ("CT-HTTP-001", "a.js", r#"fetch("http://api.acme.io/v1")"#),
            ("CT-PY-005", "a.py", "app.run(host='0.0.0.0', debug=True)"),
        ];
        for rule in RULES.iter() {
            assert!(
                cases.iter().any(|c| c.0 == rule.id),
                "rule {} has no example",
                rule.id
            );
        }
        for (id, path, line) in cases {
            let hits = rules_hit(path, line);
            assert!(
                hits.iter().any(|h| h == id),
                "{id} missed {line:?}: {hits:?}"
            );
        }
    }

    #[test]
    fn safe_variants_are_not_flagged() {
        let cases: &[(&str, &str)] = &[
            ("a.py", "x = ast.literal_eval(s)"),
            ("a.py", "data = yaml.safe_load(f)"),
            ("a.py", "data = yaml.load(f, Loader=yaml.SafeLoader)"),
            ("a.py", "h = hashlib.sha256(data)"),
            ("a.py", "requests.get(url, verify=True)"),
            ("a.js", "el.textContent = userInput;"),
            ("a.js", r#"fetch("https://api.acme.io/v1")"#),
            ("a.js", r#"fetch("http://localhost:8080/")"#),
            ("a.js", "if (el.innerHTML == x) {}"),
            ("a.js", "const m = /abc/.exec(str)"),
            ("settings.py", r#"PASSWORD = "changeme""#),
            ("notes.txt", "eval(x) os.system(y) verify=False"),
        ];
        for (path, line) in cases {
            assert!(rules_hit(path, line).is_empty(), "{path}: {line:?} flagged");
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = issue_id("p", "a.py", 3, "CT-PY-001");
        assert_eq!(a, issue_id("p", "a.py", 3, "CT-PY-001"));
        assert_ne!(a, issue_id("p", "a.py", 4, "CT-PY-001"));
        assert_ne!(a, issue_id("q", "a.py", 3, "CT-PY-001"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn findings_sorted_and_deterministic() {
        let files = [("b.py", "eval(x)\n"), ("a.py", "x=1\nos.system(y)\n")];
        let a1 = analyse("p", files.iter().map(|(p, t)| (*p, *t)), 2);
        let a2 = analyse("p", files.iter().rev().map(|(p, t)| (*p, *t)), 2);
        assert_eq!(a1.findings, a2.findings);
        assert_eq!(a1.findings[0].path, "a.py");
        assert_eq!(a1.findings[0].line, 2);
        assert_eq!(a1.languages, vec!["python"]);
    }

    #[test]
    fn sca_flags_old_versions_only() {
        let pkg = r#"{"dependencies": {"lodash": "^4.17.4", "minimist": "1.2.8"}}"#;
        let f = scan_manifest("web/package.json", pkg);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].package, "lodash");
        let req = "requests==2.25.1\npyyaml==6.0\n";
        let f = scan_manifest("requirements.txt", req);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
    }
}
