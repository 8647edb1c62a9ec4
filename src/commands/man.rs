//! `azfh man [COMMAND]`: a man page (roff) on stdout, written by clap_mangen from the same
//! grammar as `--help`. A subcommand, not only a build step: `cargo install` leaves no man page
//! behind, and a packager runs `azfh man` for each page (they are also committed in man/).

use anyhow::Result;

use crate::cli::{ManArgs, command};
use crate::error::{ExitStatus, UsageError};

pub(super) fn run(args: &ManArgs) -> Result<ExitStatus> {
    let page = page(&args.command)?;
    crate::output::stdout::print(|out| out.write_all(&page))?;
    Ok(ExitStatus::Success)
}

/// The page of the command `words` name (`[]` for azfh itself).
fn page(words: &[String]) -> Result<Vec<u8>> {
    let mut root = command().disable_help_subcommand(true);
    // Building names each subcommand `azfh-handles-ls`, the page's title.
    root.build();
    let mut current = &root;
    for word in words {
        current = current.find_subcommand(word).ok_or_else(|| {
            UsageError::new(
                format!("azfh has no command '{word}' with a man page"),
                "give a command as its help names it: `azfh man`, `azfh man handles ls`, `azfh man get`",
            )
        })?;
    }
    // A page has room for every option: those `-h` leaves out are shown too (clap_mangen
    // would print them without their text), each with one text, the long one (clap_mangen
    // prints both).
    let full = current.clone().mut_args(|arg| {
        let arg = arg.hide_short_help(false);
        let short = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let Some(long) = arg.get_long_help().map(ToString::to_string) else {
            return arg;
        };
        // The derive's long help starts with the short one, then says it again in full.
        let text = long
            .strip_prefix(&short)
            .and_then(|rest| rest.strip_prefix("\n\n"))
            .unwrap_or(&long)
            .to_owned();
        arg.help(text).long_help(None::<&'static str>)
    });
    let name = full
        .get_display_name()
        .unwrap_or(full.get_name())
        .to_owned();
    let usage = full.clone().render_usage().to_string();
    let examples = full.get_after_long_help().map(ToString::to_string);
    // Subcommands carry no version of their own (`azfh -V` says it once); the page does.
    let man = clap_mangen::Man::new(full.clone().version(env!("CARGO_PKG_VERSION")))
        .title(name)
        .source(format!("azfh {}", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    // clap_mangen's synopsis lists every option without its value: the usage line says more.
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    page.extend_from_slice(format!(".SH SYNOPSIS\n{}\n", roff_text(usage)).as_bytes());
    man.render_description_section(&mut page)?;
    if full.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if full.get_subcommands().any(|sub| !sub.is_hide_set()) {
        man.render_subcommands_section(&mut page)?;
    }
    if let Some(text) = examples {
        page.extend_from_slice(preformatted_sections(&text).as_bytes());
    }
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// `--help`'s footer (`Examples:`, `Exit status:`) as man sections whose lines are kept as
/// written (`.nf`): commands are not prose to reflow.
fn preformatted_sections(text: &str) -> String {
    let mut roff = String::new();
    let mut open = false;
    for line in text.lines() {
        if let Some(heading) = line
            .strip_suffix(':')
            .filter(|h| !h.starts_with(' ') && !h.is_empty())
        {
            if open {
                roff.push_str(".fi\n");
            }
            roff.push_str(".SH ");
            roff.push_str(&heading.to_uppercase());
            roff.push_str("\n.nf\n");
            open = true;
        } else {
            roff.push_str(&roff_text(line));
            roff.push('\n');
        }
    }
    if open {
        roff.push_str(".fi\n");
    }
    roff
}

/// `text` as one roff text line: backslashes and dashes escaped, a leading `.` or `'` kept
/// from being read as a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else if escaped.is_empty() {
        ".sp".to_owned()
    } else {
        escaped
    }
}
