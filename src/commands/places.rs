//! Where each TARGET lists: the place its records name (the account and share as the service
//! knows them), the label messages name it by (as the operator wrote it), and the scope that
//! tells overlapping TARGETs apart, so that a handle is listed, and closed, once however the
//! TARGETs overlap (`a b a`, `a a/dir -r`, an account given twice with `--all-shares`).

use std::collections::HashSet;
use std::sync::Arc;

use crate::output::share_handles::Place;
use azfh_client::backend::Backend;

/// A TARGET's place, label and scope.
pub(super) struct TargetPlace {
    pub(super) place: Arc<Place>,
    /// `NAME:SHARE/PATH` as messages and the prompt name it.
    pub(super) label: String,
    scope: Scope,
}

/// What a listing covers: everything at `path` (with `-r`, also below it) under `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scope {
    /// The endpoint, share and snapshot (Azure Files), or the cluster (Qumulo): handle ids are
    /// unique within one root. Two endpoints that call their account by the same name (two
    /// emulators) are two roots.
    root: String,
    /// The TARGET's path below the root, without a leading or trailing `/`.
    path: String,
    /// Azure Files compares names case-insensitively; a Qumulo cluster does not.
    case_insensitive: bool,
}

impl Scope {
    /// Whether listing `self` lists every handle a listing of `other` would.
    fn covers(&self, other: &Scope, recursive: bool) -> bool {
        if self.root != other.root {
            return false;
        }
        let (mine, theirs) = if self.case_insensitive {
            (self.path.to_lowercase(), other.path.to_lowercase())
        } else {
            (self.path.clone(), other.path.clone())
        };
        mine == theirs
            || (recursive
                && (mine.is_empty()
                    || theirs
                        .strip_prefix(&mine)
                        .is_some_and(|rest| rest.starts_with('/'))))
    }
}

/// The place of `backend`'s records; `share_column`: whether tables show it by default.
pub(super) fn place_of(backend: &Backend, share_column: bool) -> Arc<Place> {
    Arc::new(match backend {
        Backend::Azure { client, location } => Place {
            account: client.transport().endpoint().account().to_owned(),
            share: location.share.clone(),
            snapshot: location.snapshot.clone(),
            share_column,
        },
        Backend::Qumulo { cluster, .. } => Place {
            account: cluster_host(cluster).to_owned(),
            share: "/".to_owned(),
            snapshot: None,
            share_column,
        },
    })
}

/// `HOST[:PORT]` of `qumulo://HOST[:PORT][/BASE]`.
fn cluster_host(cluster: &str) -> &str {
    let rest = cluster.strip_prefix("qumulo://").unwrap_or(cluster);
    rest.split('/').next().unwrap_or(rest)
}

/// `backend`'s place, with `label` for messages (several shares: tables show the share).
pub(super) fn target_place(backend: &Backend, label: String) -> TargetPlace {
    let scope = match backend {
        Backend::Azure { client, location } => Scope {
            root: format!(
                "{}\n{}\n{}",
                client.transport().endpoint().url("", &[]).to_lowercase(),
                location.share.to_lowercase(),
                location.snapshot.as_deref().unwrap_or_default()
            ),
            path: location.path.trim_matches('/').to_owned(),
            case_insensitive: true,
        },
        Backend::Qumulo { cluster, path, .. } => Scope {
            root: cluster.to_lowercase(),
            path: path.trim_matches('/').to_owned(),
            case_insensitive: false,
        },
    };
    TargetPlace {
        place: place_of(backend, true),
        label,
        scope,
    }
}

/// `targets` without those another one covers (kept in the order given; a TARGET that covers
/// one given before it takes its place). `note` is told of each left out.
pub(super) fn without_overlaps<T>(
    targets: Vec<(T, TargetPlace)>,
    recursive: bool,
    mut note: impl FnMut(String),
) -> Vec<(T, TargetPlace)> {
    let mut kept: Vec<(T, TargetPlace)> = Vec::with_capacity(targets.len());
    for (target, place) in targets {
        if let Some((_, wider)) = kept
            .iter()
            .find(|(_, k)| k.scope.covers(&place.scope, recursive))
        {
            note(left_out(&place, wider));
            continue;
        }
        let mut index = 0;
        while index < kept.len() {
            if place.scope.covers(&kept[index].1.scope, recursive) {
                let (_, narrower) = kept.remove(index);
                note(left_out(&narrower, &place));
            } else {
                index += 1;
            }
        }
        kept.push((target, place));
    }
    kept
}

fn left_out(narrower: &TargetPlace, wider: &TargetPlace) -> String {
    if narrower.scope == wider.scope || narrower.label == wider.label {
        format!("{} is given twice: listed once", narrower.label)
    } else {
        format!(
            "{} is within {}: its handles are listed once, under it",
            narrower.label, wider.label
        )
    }
}

/// The handles already taken from targets whose roots are shared: a handle listed by two of
/// them (their scopes overlap in ways `without_overlaps` cannot tell, such as a directory and
/// a file in it) is taken once. Targets with a root of their own hold no ids, so a sweep of
/// distinct shares stays in constant memory.
pub(super) struct Once {
    /// Each target's index into `seen`, when its root is shared.
    roots: Vec<Option<usize>>,
    seen: Vec<HashSet<String>>,
}

impl Once {
    pub(super) fn new(places: &[TargetPlace]) -> Self {
        let mut shared: Vec<&str> = Vec::new();
        let roots = places
            .iter()
            .map(|p| {
                let others = places
                    .iter()
                    .filter(|o| o.scope.root == p.scope.root)
                    .count();
                (others > 1).then(|| {
                    shared
                        .iter()
                        .position(|r| *r == p.scope.root)
                        .unwrap_or_else(|| {
                            shared.push(&p.scope.root);
                            shared.len() - 1
                        })
                })
            })
            .collect();
        let seen = shared.iter().map(|_| HashSet::new()).collect();
        Self { roots, seen }
    }

    /// Whether handle `id` of target `target` is seen for the first time.
    pub(super) fn first(&mut self, target: usize, id: &str) -> bool {
        match self.roots.get(target).copied().flatten() {
            Some(root) => self.seen[root].insert(id.to_owned()),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(root: &str, path: &str) -> Scope {
        Scope {
            root: root.into(),
            path: path.into(),
            case_insensitive: true,
        }
    }

    #[test]
    fn a_scope_covers_itself_and_with_recursion_what_is_below() {
        let share = scope("a", "");
        let dir = scope("a", "Dir");
        let below = scope("a", "dir/sub");
        let sibling = scope("a", "dirt");
        assert!(dir.covers(&scope("a", "dir"), false));
        assert!(!dir.covers(&below, false));
        assert!(dir.covers(&below, true));
        assert!(!dir.covers(&sibling, true));
        assert!(share.covers(&below, true));
        assert!(!share.covers(&scope("b", ""), true));
    }
}
