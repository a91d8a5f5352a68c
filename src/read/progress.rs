//! Progress on standard error while a file is read (bytes, rate and time
//! taken), and a spinner for each step after it.
//! Shown only on a terminal and never with `--quiet`, so pipes and scripts see
//! nothing.

use std::io::{IsTerminal, Read};

use indicatif::{ProgressBar, ProgressBarIter, ProgressDrawTarget, ProgressStyle};

/// Makes one progress bar per input file, or hidden ones.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    visible: bool,
}

impl Progress {
    /// Progress is visible when asked for and standard error is a terminal.
    pub fn new(wanted: bool) -> Progress {
        Progress {
            visible: wanted && std::io::stderr().is_terminal(),
        }
    }

    /// No progress at all.
    pub fn hidden() -> Progress {
        Progress { visible: false }
    }

    /// A spinner saying what a step that reads no file is doing (indexing
    /// the ids, say), so that no second passes without a sign of work.
    /// Finish it (`finish_and_clear`) when the step ends.
    pub fn step(&self, what: String) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>9} {spinner} {msg} ({elapsed})")
                .expect("progress template is valid"),
        );
        bar.set_prefix("working");
        bar.set_message(what);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// Wraps `reader` so that reading it advances a bar labelled `label`.
    pub fn wrap<R: Read>(
        &self,
        label: &str,
        len: Option<u64>,
        reader: R,
    ) -> (ProgressBar, ProgressBarIter<R>) {
        let bar = if self.visible {
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
            let template = if len.is_some() {
                // No time left: it would be the read's alone, and the
                // steps after it would make it a broken promise.
                "{prefix:>9} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ({elapsed})"
            } else {
                "{prefix:>9} {spinner} {bytes} {bytes_per_sec}"
            };
            bar.set_style(
                ProgressStyle::with_template(template)
                    .expect("progress template is valid")
                    .progress_chars("=> "),
            );
            bar.set_prefix(label.to_string());
            bar
        } else {
            ProgressBar::hidden()
        };
        let reader = bar.wrap_read(reader);
        (bar, reader)
    }
}
