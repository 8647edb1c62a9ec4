//! Where each TARGET lists: the place its records name (the account and share as the service
//! knows them), the label messages name it by (as the operator wrote it), and the scope that
//! tells overlapping TARGETs apart, so that a handle is listed, and closed, once however the
//! TARGETs overlap (`a b a`, `a a/dir -r`, an account given twice with `--all-shares`).

use std::collections::{HashMap, HashSet};
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
    /// The storage account's name, share and snapshot (Azure Files), or the cluster (Qumulo):
    /// handle ids are unique within one root. Storage account names are unique, so one account
    /// reached through two endpoints (a private endpoint beside the public one, `localhost`
    /// beside `127.0.0.1`) is one root.
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
                client.transport().endpoint().account().to_lowercase(),
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
/// one given before it takes its place). `note` is told of each left out. TARGETs are compared
/// only with those of their root: thousands of shares of `--all-shares` cost no more than their
/// number.
pub(super) fn without_overlaps<T>(
    targets: Vec<(T, TargetPlace)>,
    recursive: bool,
    mut note: impl FnMut(String),
) -> Vec<(T, TargetPlace)> {
    // Slots in the order given; a slot left out is emptied.
    let mut kept: Vec<Option<(T, TargetPlace)>> = Vec::with_capacity(targets.len());
    let mut by_root: HashMap<String, Vec<usize>> = HashMap::new();
    for (target, place) in targets {
        let slots = by_root.entry(place.scope.root.clone()).or_default();
        let wider = slots.iter().find_map(|&slot| {
            kept[slot]
                .as_ref()
                .filter(|(_, k)| k.scope.covers(&place.scope, recursive))
        });
        if let Some((_, wider)) = wider {
            note(left_out(&place, wider));
            continue;
        }
        for &slot in slots.iter() {
            if kept[slot]
                .as_ref()
                .is_some_and(|(_, k)| place.scope.covers(&k.scope, recursive))
                && let Some((_, narrower)) = kept[slot].take()
            {
                note(left_out(&narrower, &place));
            }
        }
        slots.push(kept.len());
        kept.push(Some((target, place)));
    }
    kept.into_iter().flatten().collect()
}

/// The note for `narrower`, left out because `wider` covers it. Two labels of one share (two
/// names of an account, each perhaps with its own credential) say which one was used.
fn left_out(narrower: &TargetPlace, wider: &TargetPlace) -> String {
    if narrower.label == wider.label {
        format!("{} is given twice: listed once", narrower.label)
    } else if narrower.scope == wider.scope {
        format!(
            "{} names the same share as {} ({}): listed once, as {}",
            narrower.label,
            wider.label,
            format_args!("{}/{}", wider.place.account, wider.place.share),
            wider.label
        )
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
        let mut count: HashMap<&str, usize> = HashMap::new();
        for place in places {
            *count.entry(&place.scope.root).or_default() += 1;
        }
        // Each shared root's index into `seen`.
        let mut shared: HashMap<&str, usize> = HashMap::new();
        let roots = places
            .iter()
            .map(|p| {
                let root = p.scope.root.as_str();
                (count.get(root).copied().unwrap_or(0) > 1).then(|| {
                    let next = shared.len();
                    *shared.entry(root).or_insert(next)
                })
            })
            .collect();
        let seen = (0..shared.len()).map(|_| HashSet::new()).collect();
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

    fn target(root: &str, path: &str, label: &str) -> ((), TargetPlace) {
        let place = Arc::new(Place {
            account: "acct".into(),
            share: root.into(),
            snapshot: None,
            share_column: true,
        });
        (
            (),
            TargetPlace {
                place,
                label: label.into(),
                scope: scope(root, path),
            },
        )
    }

    #[test]
    fn overlapping_targets_are_kept_once_in_the_order_given() {
        let given = vec![
            target("a", "dir", "a/dir"),
            target("a", "", "a"),
            target("b", "", "b"),
            target("a", "", "a"),
            target("b", "x", "b/x"),
        ];
        let mut notes = Vec::new();
        let kept = without_overlaps(given, true, |n| notes.push(n));
        let labels: Vec<&str> = kept.iter().map(|((), p)| p.label.as_str()).collect();
        assert_eq!(labels, ["a", "b"]);
        assert_eq!(
            notes,
            [
                "a/dir is within a: its handles are listed once, under it",
                "a is given twice: listed once",
                "b/x is within b: its handles are listed once, under it",
            ]
        );
        // Without -r only the same place is the same.
        let given = vec![target("a", "dir", "a/dir"), target("a", "", "a")];
        let kept = without_overlaps(given, false, |_| {});
        assert_eq!(kept.len(), 2);
        let places: Vec<TargetPlace> = kept.into_iter().map(|((), p)| p).collect();
        let mut once = Once::new(&places);
        assert!(once.first(0, "7") && !once.first(1, "7") && once.first(1, "8"));
    }

    #[test]
    fn one_share_under_two_names_is_kept_as_the_first_and_the_note_says_so() {
        let given = vec![
            target("a", "", "badkey:a"),
            target("a", "", "prod:a"),
            target("a", "", "badkey:a"),
        ];
        let mut notes = Vec::new();
        let kept = without_overlaps(given, true, |n| notes.push(n));
        let labels: Vec<&str> = kept.iter().map(|((), p)| p.label.as_str()).collect();
        assert_eq!(labels, ["badkey:a"]);
        assert_eq!(
            notes,
            [
                "prod:a names the same share as badkey:a (acct/a): listed once, as badkey:a",
                "badkey:a is given twice: listed once",
            ]
        );
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
