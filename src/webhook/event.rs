//! Payload parsing per platform: turns a verified delivery (event name + JSON body) into a
//! decision — answer a ping, trigger for a branch, or ignore with a reason.
//!
//! Only the few fields the decision needs are read, through `serde_json::Value`, so payload
//! fields the platforms add or drop over time do not break parsing.

use serde_json::Value;

use super::{EventKind, Platform};

/// A push or pull request that concerns the configured branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: EventKind,
    pub branch: String,
    pub commit: Option<String>,
    pub source_branch: Option<String>,
    pub pull_request: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classified {
    /// GitHub's `ping` on hook creation: answered 200, nothing triggered.
    Ping,
    Trigger(Candidate),
    /// Verified but not for us; `branch` is reported when the payload named one.
    Ignore {
        reason: String,
        branch: Option<String>,
    },
}

/// The body is not JSON or lacks a field its event must have: answered 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(pub String);

/// The header carrying the event name for `platform`.
pub fn event_header(platform: Platform) -> &'static str {
    match platform {
        Platform::Github => "x-github-event",
        Platform::Gitlab => "x-gitlab-event",
        Platform::Bitbucket => "x-event-key",
    }
}

/// The header carrying the delivery id for `platform` (used for replay protection).
pub fn delivery_header(platform: Platform) -> &'static str {
    match platform {
        Platform::Github => "x-github-delivery",
        Platform::Gitlab => "x-gitlab-event-uuid",
        Platform::Bitbucket => "x-request-uuid",
    }
}

/// Classifies a verified delivery. `wanted` is the configured branch (`None`: any branch).
pub fn classify(
    platform: Platform,
    event: &str,
    body: &[u8],
    wanted: Option<&str>,
) -> Result<Classified, Malformed> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| Malformed(format!("body is not JSON: {e}")))?;
    if !v.is_object() {
        return Err(Malformed("body is not a JSON object".into()));
    }
    let c = match platform {
        Platform::Github => github(event, &v)?,
        Platform::Gitlab => gitlab(event, &v)?,
        Platform::Bitbucket => bitbucket(event, &v, wanted)?,
    };
    Ok(match c {
        Classified::Trigger(cand) if !branch_matches(wanted, &cand.branch) => Classified::Ignore {
            reason: format!(
                "branch `{}` is not the configured branch `{}`",
                cand.branch,
                wanted.unwrap_or_default()
            ),
            branch: Some(cand.branch),
        },
        other => other,
    })
}

fn branch_matches(wanted: Option<&str>, branch: &str) -> bool {
    wanted.is_none_or(|w| w == branch)
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

fn required<'a>(v: &'a Value, pointer: &str) -> Result<&'a str, Malformed> {
    str_at(v, pointer).ok_or_else(|| Malformed(format!("payload has no `{pointer}`")))
}

fn ignore(reason: impl Into<String>) -> Classified {
    Classified::Ignore {
        reason: reason.into(),
        branch: None,
    }
}

/// `refs/heads/<b>` → `<b>`; tags and other refs are not branch pushes.
fn push_branch(git_ref: &str) -> Option<&str> {
    git_ref.strip_prefix("refs/heads/")
}

fn is_zero_sha(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == b'0')
}

fn github(event: &str, v: &Value) -> Result<Classified, Malformed> {
    match event {
        "ping" => Ok(Classified::Ping),
        "push" => {
            let git_ref = required(v, "/ref")?;
            let Some(branch) = push_branch(git_ref) else {
                return Ok(ignore(format!("push to `{git_ref}` is not a branch push")));
            };
            if v.get("deleted").and_then(Value::as_bool) == Some(true)
                || str_at(v, "/after").is_some_and(is_zero_sha)
            {
                return Ok(Classified::Ignore {
                    reason: "branch deleted".into(),
                    branch: Some(branch.into()),
                });
            }
            Ok(Classified::Trigger(Candidate {
                kind: EventKind::Push,
                branch: branch.into(),
                commit: str_at(v, "/after").map(str::to_string),
                source_branch: None,
                pull_request: None,
            }))
        }
        "pull_request" => {
            let action = required(v, "/action")?;
            if !matches!(action, "opened" | "synchronize" | "reopened") {
                return Ok(ignore(format!(
                    "pull_request action `{action}` does not trigger"
                )));
            }
            Ok(Classified::Trigger(Candidate {
                kind: EventKind::PullRequest,
                branch: required(v, "/pull_request/base/ref")?.into(),
                commit: str_at(v, "/pull_request/head/sha").map(str::to_string),
                source_branch: str_at(v, "/pull_request/head/ref").map(str::to_string),
                pull_request: v
                    .pointer("/pull_request/number")
                    .or_else(|| v.get("number"))
                    .and_then(Value::as_u64),
            }))
        }
        other => Ok(ignore(format!("event `{other}` does not trigger"))),
    }
}

fn gitlab(event: &str, v: &Value) -> Result<Classified, Malformed> {
    match event {
        "Push Hook" => {
            let git_ref = required(v, "/ref")?;
            let Some(branch) = push_branch(git_ref) else {
                return Ok(ignore(format!("push to `{git_ref}` is not a branch push")));
            };
            // GitLab signals a branch deletion with an all-zero `after` and no checkout_sha.
            if str_at(v, "/after").is_some_and(is_zero_sha) {
                return Ok(Classified::Ignore {
                    reason: "branch deleted".into(),
                    branch: Some(branch.into()),
                });
            }
            Ok(Classified::Trigger(Candidate {
                kind: EventKind::Push,
                branch: branch.into(),
                commit: str_at(v, "/checkout_sha")
                    .or_else(|| str_at(v, "/after"))
                    .map(str::to_string),
                source_branch: None,
                pull_request: None,
            }))
        }
        "Merge Request Hook" => {
            let action = str_at(v, "/object_attributes/action").unwrap_or("");
            if !matches!(action, "open" | "reopen" | "update") {
                return Ok(ignore(format!(
                    "merge request action `{action}` does not trigger"
                )));
            }
            Ok(Classified::Trigger(Candidate {
                kind: EventKind::PullRequest,
                branch: required(v, "/object_attributes/target_branch")?.into(),
                commit: str_at(v, "/object_attributes/last_commit/id").map(str::to_string),
                source_branch: str_at(v, "/object_attributes/source_branch").map(str::to_string),
                pull_request: v.pointer("/object_attributes/iid").and_then(Value::as_u64),
            }))
        }
        other => Ok(ignore(format!("event `{other}` does not trigger"))),
    }
}

fn bitbucket(event: &str, v: &Value, wanted: Option<&str>) -> Result<Classified, Malformed> {
    match event {
        "repo:push" => {
            let changes = v
                .pointer("/push/changes")
                .and_then(Value::as_array)
                .ok_or_else(|| Malformed("payload has no `/push/changes`".into()))?;
            // One push may update several refs; trigger once, for the configured branch (or
            // the first branch updated when any branch is accepted).
            let mut pushed = Vec::new();
            for ch in changes {
                let new = ch.get("new").filter(|n| !n.is_null());
                let Some(new) = new else { continue }; // ref deleted
                if str_at(new, "/type") != Some("branch") {
                    continue; // tag or bookmark
                }
                let Some(name) = str_at(new, "/name") else {
                    continue;
                };
                if branch_matches(wanted, name) {
                    return Ok(Classified::Trigger(Candidate {
                        kind: EventKind::Push,
                        branch: name.into(),
                        commit: str_at(new, "/target/hash").map(str::to_string),
                        source_branch: None,
                        pull_request: None,
                    }));
                }
                pushed.push(name);
            }
            Ok(match pushed.first() {
                Some(first) => Classified::Ignore {
                    reason: format!(
                        "pushed branch(es) {} not the configured branch `{}`",
                        pushed
                            .iter()
                            .map(|b| format!("`{b}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        wanted.unwrap_or_default()
                    ),
                    branch: Some(first.to_string()),
                },
                None => ignore("push updates no branch (tag or deletion)"),
            })
        }
        "pullrequest:created" | "pullrequest:updated" => Ok(Classified::Trigger(Candidate {
            kind: EventKind::PullRequest,
            branch: required(v, "/pullrequest/destination/branch/name")?.into(),
            commit: str_at(v, "/pullrequest/source/commit/hash").map(str::to_string),
            source_branch: str_at(v, "/pullrequest/source/branch/name").map(str::to_string),
            pull_request: v.pointer("/pullrequest/id").and_then(Value::as_u64),
        })),
        other => Ok(ignore(format!("event `{other}` does not trigger"))),
    }
}

#[cfg(test)]
pub(crate) mod samples {
    //! Minimal payloads with the fields the platforms really send, shared with server tests.
    use serde_json::json;

    pub fn github_push(branch: &str) -> String {
        json!({"ref": format!("refs/heads/{branch}"), "before": "a".repeat(40),
               "after": "b".repeat(40), "deleted": false, "repository": {"full_name": "o/r"}})
        .to_string()
    }
    pub fn github_pr(action: &str, base: &str) -> String {
        json!({"action": action, "number": 7, "pull_request": {"number": 7,
               "base": {"ref": base}, "head": {"ref": "feature", "sha": "c".repeat(40)}}})
        .to_string()
    }
    pub fn gitlab_push(branch: &str) -> String {
        json!({"object_kind": "push", "ref": format!("refs/heads/{branch}"),
               "before": "a".repeat(40), "after": "b".repeat(40), "checkout_sha": "b".repeat(40)})
        .to_string()
    }
    pub fn gitlab_mr(action: &str, target: &str) -> String {
        json!({"object_kind": "merge_request", "object_attributes": {"iid": 3, "action": action,
               "target_branch": target, "source_branch": "feature",
               "last_commit": {"id": "c".repeat(40)}}})
        .to_string()
    }
    pub fn bitbucket_push(branch: &str) -> String {
        json!({"push": {"changes": [{"old": {"type": "branch", "name": branch},
               "new": {"type": "branch", "name": branch, "target": {"hash": "b".repeat(40)}}}]}})
        .to_string()
    }
    pub fn bitbucket_pr(dest: &str) -> String {
        json!({"pullrequest": {"id": 5, "destination": {"branch": {"name": dest}},
               "source": {"branch": {"name": "feature"}, "commit": {"hash": "c".repeat(12)}}}})
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;
    use serde_json::json;

    fn trig(c: Classified) -> Candidate {
        match c {
            Classified::Trigger(c) => c,
            other => panic!("expected trigger, got {other:?}"),
        }
    }
    fn is_ignore(c: &Classified) -> bool {
        matches!(c, Classified::Ignore { .. })
    }

    #[test]
    fn github_events() {
        let gh = |e: &str, b: &str, w| classify(Platform::Github, e, b.as_bytes(), w).unwrap();
        let c = trig(gh("push", &github_push("main"), Some("main")));
        assert_eq!((c.kind, c.branch.as_str()), (EventKind::Push, "main"));
        assert_eq!(c.commit.as_deref(), Some("b".repeat(40).as_str()));
        assert!(is_ignore(&gh("push", &github_push("dev"), Some("main"))));
        trig(gh("push", &github_push("dev"), None));
        for a in ["opened", "synchronize", "reopened"] {
            let c = trig(gh("pull_request", &github_pr(a, "main"), Some("main")));
            assert_eq!(c.source_branch.as_deref(), Some("feature"));
            assert_eq!(c.pull_request, Some(7));
        }
        assert!(is_ignore(&gh(
            "pull_request",
            &github_pr("closed", "main"),
            None
        )));
        assert!(is_ignore(&gh(
            "pull_request",
            &github_pr("opened", "dev"),
            Some("main")
        )));
        assert_eq!(gh("ping", r#"{"zen":"x"}"#, Some("main")), Classified::Ping);
        assert!(is_ignore(&gh("issues", "{}", None)));
        let tag = json!({"ref": "refs/tags/v1", "after": "b"}).to_string();
        assert!(is_ignore(&gh("push", &tag, None)));
        let del = json!({"ref": "refs/heads/main", "deleted": true, "after": "0".repeat(40)});
        assert!(is_ignore(&gh("push", &del.to_string(), None)));
    }

    #[test]
    fn gitlab_events() {
        let gl = |e: &str, b: &str, w| classify(Platform::Gitlab, e, b.as_bytes(), w).unwrap();
        trig(gl("Push Hook", &gitlab_push("main"), Some("main")));
        assert!(is_ignore(&gl(
            "Push Hook",
            &gitlab_push("dev"),
            Some("main")
        )));
        for a in ["open", "reopen", "update"] {
            let c = trig(gl(
                "Merge Request Hook",
                &gitlab_mr(a, "main"),
                Some("main"),
            ));
            assert_eq!(c.pull_request, Some(3));
        }
        assert!(is_ignore(&gl(
            "Merge Request Hook",
            &gitlab_mr("merge", "main"),
            None
        )));
        assert!(is_ignore(&gl("Tag Push Hook", "{}", None)));
        let del = json!({"ref": "refs/heads/main", "after": "0".repeat(40)}).to_string();
        assert!(is_ignore(&gl("Push Hook", &del, None)));
    }

    #[test]
    fn bitbucket_events() {
        let bb = |e: &str, b: &str, w| classify(Platform::Bitbucket, e, b.as_bytes(), w).unwrap();
        let c = trig(bb("repo:push", &bitbucket_push("main"), Some("main")));
        assert_eq!(c.commit.as_deref(), Some("b".repeat(40).as_str()));
        assert!(is_ignore(&bb(
            "repo:push",
            &bitbucket_push("dev"),
            Some("main")
        )));
        for e in ["pullrequest:created", "pullrequest:updated"] {
            trig(bb(e, &bitbucket_pr("main"), Some("main")));
            assert!(is_ignore(&bb(e, &bitbucket_pr("dev"), Some("main"))));
        }
        assert!(is_ignore(&bb(
            "pullrequest:fulfilled",
            &bitbucket_pr("main"),
            None
        )));
        // Several changes: the configured one is picked; deletions are skipped.
        let multi = json!({"push": {"changes": [
            {"new": null},
            {"new": {"type": "tag", "name": "v1"}},
            {"new": {"type": "branch", "name": "dev", "target": {"hash": "1"}}},
            {"new": {"type": "branch", "name": "main", "target": {"hash": "2"}}}]}});
        let c = trig(bb("repo:push", &multi.to_string(), Some("main")));
        assert_eq!(c.commit.as_deref(), Some("2"));
        let c = trig(bb("repo:push", &multi.to_string(), None));
        assert_eq!(c.branch, "dev");
        let dels = json!({"push": {"changes": [{"new": null}]}}).to_string();
        assert!(is_ignore(&bb("repo:push", &dels, None)));
    }

    #[test]
    fn malformed_payloads() {
        assert!(classify(Platform::Github, "push", b"{not json", None).is_err());
        assert!(classify(Platform::Github, "push", b"[]", None).is_err());
        assert!(classify(Platform::Github, "push", b"{}", None).is_err());
        assert!(
            classify(
                Platform::Gitlab,
                "Merge Request Hook",
                br#"{"object_attributes":{"action":"open"}}"#,
                None
            )
            .is_err()
        );
        assert!(classify(Platform::Bitbucket, "repo:push", b"{}", None).is_err());
        // Non-JSON is malformed even for events that would be ignored.
        assert!(classify(Platform::Github, "issues", b"payload=%7B%7D", None).is_err());
    }
}
