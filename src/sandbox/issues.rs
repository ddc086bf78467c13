//! `GET /api/scanlog/issues`: the findings list, its filter and the `x-ct-pager` protocol
//! (§A17).
//!
//! The first request answers page 1 (or `page`) and returns the header
//! `x-ct-pager: base64({"id","pages"})`. Later requests name the pager (`pid`) and a `page`; the
//! pager remembers the filter, scan and page size, because the old clients do not resend
//! `pageSize`.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::routes::{
    Ctx, Reject, Shared, b64, b64_json, error, not_found, ok_json, page_params, query,
};
use super::scanner::{self, Finding};
use super::state::{Scan, State as ScanState, Store, now_ms};

/// A pager created by the first `/api/scanlog/issues` request.
#[derive(Debug, Clone)]
pub(super) struct Pager {
    filter: IssueFilter,
    sid: Option<String>,
    page_size: usize,
}

/// Filter keys from the base64 `q` (swagger): array keys may be spelled with or without `[]`.
#[derive(Debug, Clone, Default)]
struct IssueFilter {
    severity: Vec<String>,
    languages: Vec<String>,
    status: Vec<String>,
    filename: Vec<String>,
    issuename: Option<String>,
    project_name: Option<String>,
    only_new: bool,
}

impl IssueFilter {
    fn from_json(v: &Value) -> IssueFilter {
        let list = |k: &str| -> Vec<String> {
            let v = v.get(k).or_else(|| v.get(format!("{k}[]")));
            match v {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(|s| s.to_lowercase()))
                    .collect(),
                Some(Value::String(s)) if !s.is_empty() => vec![s.to_lowercase()],
                _ => Vec::new(),
            }
        };
        let text = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        IssueFilter {
            severity: list("severity"),
            languages: list("languages"),
            status: list("status"),
            filename: list("filename"),
            issuename: text("issuename").map(|s| s.to_lowercase()),
            project_name: text("projectName"),
            only_new: list("historical").iter().any(|h| h == "new issue"),
        }
    }

    fn accepts(&self, f: &Finding, new_ids: Option<&BTreeSet<String>>) -> bool {
        (self.severity.is_empty() || self.severity.iter().any(|s| s == f.severity.as_str()))
            && (self.languages.is_empty() || self.languages.contains(&f.language))
            && (self.status.is_empty() || self.status.iter().any(|s| s == "open"))
            && (self.filename.is_empty()
                || self
                    .filename
                    .iter()
                    .any(|n| f.path.to_lowercase().contains(n.as_str())))
            && self.issuename.as_ref().is_none_or(|n| {
                f.title.to_lowercase().contains(n.as_str()) || f.weakness_id.contains(n.as_str())
            })
            && (!self.only_new || new_ids.is_some_and(|ids| ids.contains(&f.issue_id)))
    }
}

/// The finished scan of the same project before `sc`, if any.
pub(super) fn previous_scan<'a>(store: &'a Store, sc: &Scan) -> Option<&'a Scan> {
    let p = store.projects.get(&sc.project)?;
    let pos = p.scan_ids.iter().position(|id| *id == sc.id)?;
    let now = now_ms();
    p.scan_ids[..pos]
        .iter()
        .rev()
        .filter_map(|id| store.scans.get(id))
        .find(|prev| prev.view(now).state == ScanState::End)
}

/// Ids of `sc`'s findings that the previous finished scan did not have.
pub(super) fn new_issue_ids(store: &Store, sc: &Scan) -> BTreeSet<String> {
    let old: BTreeSet<&str> = previous_scan(store, sc)
        .map(|p| {
            p.analysis
                .findings
                .iter()
                .map(|f| f.issue_id.as_str())
                .collect()
        })
        .unwrap_or_default();
    sc.analysis
        .findings
        .iter()
        .filter(|f| !old.contains(f.issue_id.as_str()))
        .map(|f| f.issue_id.clone())
        .collect()
}

pub(super) fn fixed_count(store: &Store, sc: &Scan) -> usize {
    let now: BTreeSet<&str> = sc
        .analysis
        .findings
        .iter()
        .map(|f| f.issue_id.as_str())
        .collect();
    previous_scan(store, sc)
        .map(|p| {
            p.analysis
                .findings
                .iter()
                .filter(|f| !now.contains(f.issue_id.as_str()))
                .count()
        })
        .unwrap_or(0)
}

/// §A17's issue object.
fn issue_json(f: &Finding, sc: &Scan, is_new: bool) -> Value {
    let rule = scanner::rule_by_id(&f.rule_id);
    let (cwe, description, mitigation) = rule
        .map(|r| (r.cwe, r.description, r.mitigation))
        .unwrap_or(("", "", ""));
    let file = f.path.rsplit('/').next().unwrap_or(&f.path);
    let ext = file.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let branch = sc
        .meta
        .branch
        .clone()
        .unwrap_or_else(|| "noBranch".to_string());
    json!({
        "issue_state": {
            "id": f.issue_id, "project_name": sc.project, "rule_id": f.rule_id, "issue_id": f.issue_id,
            "weakness_id": f.weakness_id, "scan_id": sc.id,
            "status": {"value": "Open", "description": "Open"},
            "ticket": {}, "tags": {}, "severity": f.severity, "fixcost": "low", "schemaVersion": "1",
            "history": [{"type": if is_new { "New Issue" } else { "Existing Issue" }, "scan_id": sc.id, "status": "Open", "date": sc.started_at_ms}],
            "relations": {"scanBranches": [{"branch_name": branch, "scans": [sc.id]}]},
        },
        "kb_fields": {
            "impacts": [], "labels": [cwe, "security"], "rootcauses": [], "standards": [], "references": [],
            "platformnotes": {"en": {f.language.clone(): {"description": description, "mitigation": mitigation}}},
            "summary": {"en": description}, "title": {"en": f.title}, "trustlevel": "medium",
        },
        "flow_steps": [{
            "document_name": file, "document_path": f.path, "project_name": null,
            "start_linenumber": f.line, "end_linenumber": f.line,
            "start_codespan": f.start_col, "end_codespan": f.end_col,
            "step_type": "sink", "step_text": f.title,
            "code_snippet": {"text": f.snippet, "start_line": f.line, "end_line": f.line},
            "document_extension": ext,
        }],
        "lang": f.language,
    })
}

/// A matching finding: its scan and its index there. JSON is built only for the page sent.
struct Hit {
    scan: Arc<Scan>,
    idx: usize,
    is_new: bool,
}

impl Hit {
    fn json(&self) -> Value {
        issue_json(
            &self.scan.analysis.findings[self.idx],
            &self.scan,
            self.is_new,
        )
    }
}

/// All findings matching a filter, in a stable order. Only cheap references are collected
/// under the store lock.
fn collect_issues(s: &Shared, sid: Option<&str>, filter: &IssueFilter) -> Result<Vec<Hit>, Reject> {
    let store = s.lock();
    let now = now_ms();
    let scans: Vec<&Scan> = match sid {
        Some(id) => vec![store.scans.get(id).ok_or_else(|| Box::new(not_found()))?],
        // Without a scan id: the newest scan of each (matching) project.
        None => store
            .projects
            .values()
            .filter_map(|p| p.scan_ids.last().and_then(|id| store.scans.get(id)))
            .collect(),
    };
    let mut out = Vec::new();
    for sc in scans {
        if filter
            .project_name
            .as_ref()
            .is_some_and(|p| *p != sc.project)
        {
            continue;
        }
        let v = sc.view(now);
        let new_ids = new_issue_ids(&store, sc);
        let shared_scan = Arc::new(sc.clone());
        for (idx, f) in sc.visible_findings(&v).iter().enumerate() {
            if filter.accepts(f, Some(&new_ids)) {
                out.push(Hit {
                    scan: shared_scan.clone(),
                    idx,
                    is_new: new_ids.contains(&f.issue_id),
                });
            }
        }
    }
    Ok(out)
}

fn page_of(hits: &[Hit], page: usize, size: usize) -> Value {
    Value::Array(
        hits.iter()
            .skip((page - 1) * size)
            .take(size)
            .map(Hit::json)
            .collect(),
    )
}

pub(super) async fn issues(State(s): Ctx, RawQuery(raw): RawQuery) -> Response {
    let q = query(&raw);
    let (page, size) = match page_params(&q, 500) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    // Continuation of a pager: the pager remembers the filter and the page size.
    if let Some(pid) = q.get("pid").filter(|p| !p.is_empty()) {
        let pager = s
            .pagers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(pid)
            .cloned();
        let Some(pager) = pager else {
            return error(StatusCode::BAD_REQUEST, "Invalid pager id.");
        };
        return match collect_issues(&s, pager.sid.as_deref(), &pager.filter) {
            Ok(all) => ok_json(page_of(&all, page, pager.page_size)),
            Err(r) => *r,
        };
    }
    // `q` is the filter; VSC's detail view sends the base64 as a bare key (a client bug).
    let filter_json = match q.get("q") {
        Some(v) if !v.trim().is_empty() => match b64_json(v) {
            Some(j @ Value::Object(_)) => j,
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Filter q must be base64 of a JSON object.",
                );
            }
        },
        _ => q
            .iter()
            .filter(|(_, v)| v.is_empty())
            .find_map(|(k, _)| b64_json(k).filter(Value::is_object))
            .unwrap_or_else(|| json!({})),
    };
    let filter = IssueFilter::from_json(&filter_json);
    let sid = q
        .get("sid")
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let all = match collect_issues(&s, sid.as_deref(), &filter) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let pages = all.len().div_ceil(size);
    let pid = super::random_id();
    {
        let mut pagers = s.pagers.lock().unwrap_or_else(|e| e.into_inner());
        // Pagers are cheap but unbounded growth is not; old ones are simply forgotten.
        if pagers.len() > 10_000 {
            pagers.clear();
        }
        pagers.insert(
            pid.clone(),
            Pager {
                filter,
                sid,
                page_size: size,
            },
        );
    }
    let mut r = ok_json(page_of(&all, page, size));
    if let Ok(h) = HeaderValue::from_str(&b64(&json!({"id": pid, "pages": pages}))) {
        r.headers_mut().insert("x-ct-pager", h);
    }
    r
}
