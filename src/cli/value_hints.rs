//! What shell completion offers for each value: a file name only where a file is meant. clap
//! takes a value of unknown kind for a path, so bash, zsh and fish would offer local files for
//! a duration, an address or a TARGET; this marks every such value as free text, by one rule
//! rather than one attribute per option.

use clap::{Arg, ValueHint};

/// Value names that are local paths; every other value is free text (a fixed set of values
/// is completed from its possible values).
fn hint_for(value_name: &str) -> ValueHint {
    match value_name {
        "FILE" => ValueHint::FilePath,
        "DEST" => ValueHint::AnyPath,
        _ => ValueHint::Other,
    }
}

/// Sets the hint of an option or argument whose value kind clap does not know.
pub(super) fn with_value_hint(arg: Arg) -> Arg {
    if !arg.get_action().takes_values()
        || arg.get_value_hint() != ValueHint::Unknown
        || !arg.get_possible_values().is_empty()
    {
        return arg;
    }
    let name = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(ToString::to_string)
        .unwrap_or_default();
    let hint = hint_for(&name);
    arg.value_hint(hint)
}
