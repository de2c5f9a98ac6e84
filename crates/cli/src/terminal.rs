//! Reading a passphrase from a terminal without echo: the terminal's ECHO flag is turned off
//! (termios, through `libc`) while the line is read, and restored after, also on error.

/// Echo turned off on standard input until dropped.
pub(crate) struct EchoOff {
    #[cfg(unix)]
    saved: libc::termios,
}

impl EchoOff {
    /// Turns echo off on standard input when it is a terminal; `None` when it is not (a pipe,
    /// a file) or the terminal refuses.
    #[cfg(unix)]
    pub(crate) fn on_stdin() -> Option<Self> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
            return None;
        }
        // SAFETY: an all-zero termios is a valid value to be filled by tcgetattr.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `saved` is a valid termios to write into.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut saved) } != 0 {
            return None;
        }
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: `quiet` is a termios read from this terminal with one flag changed.
        if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &quiet) } != 0 {
            return None;
        }
        Some(Self { saved })
    }

    /// Not on this platform: the passphrase is read as typed.
    #[cfg(not(unix))]
    pub(crate) fn on_stdin() -> Option<Self> {
        None
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: restores the settings read from the same terminal in `on_stdin`.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved);
        }
    }
}
