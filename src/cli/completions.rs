//! The arguments of `azfh completions`.

use clap::Args;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh completions bash > ~/.local/share/bash-completion/completions/azfh
  azfh completions zsh > \"${fpath[1]}/_azfh\"
  azfh completions fish > ~/.config/fish/completions/azfh.fish
  azfh completions powershell >> $PROFILE";

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
