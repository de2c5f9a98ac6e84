//! Where an action is done: the operating-system login, the host name and the machine's
//! addresses, read afresh for every event ("at that moment").

use std::net::IpAddr;

/// Who is logged in on which machine, as this machine sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Whereabouts {
    /// The operating-system login name.
    pub os_user: String,
    /// The operating-system user id, where there is one.
    pub os_uid: Option<u32>,
    /// The login's full name (the GECOS field's first part), if the system knows one.
    pub full_name: Option<String>,
    /// The host name.
    pub host: String,
    /// The non-loopback IP addresses (IPv6 link-local excluded), as text, sorted, no repeats.
    pub addresses: Vec<String>,
}

/// A source of [`Whereabouts`]: the system's for binaries, a fixed one for tests.
pub trait Machine: Send + Sync {
    /// Who is logged in where, now.
    fn whereabouts(&self) -> Whereabouts;
}

/// The same whereabouts every time; for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixedMachine(pub Whereabouts);

impl FixedMachine {
    /// A machine named `host` with login `os_user` (uid 1000) and one documentation address.
    pub fn new(os_user: &str, host: &str) -> Self {
        Self(Whereabouts {
            os_user: os_user.to_string(),
            os_uid: Some(1000),
            full_name: None,
            host: host.to_string(),
            addresses: vec!["192.0.2.10".to_string()],
        })
    }
}

impl Machine for FixedMachine {
    fn whereabouts(&self) -> Whereabouts {
        self.0.clone()
    }
}

/// The operating system's view: the real user id and its login (`getuid`, `getpwuid_r`), the
/// host name (`gethostname`) and the interfaces' addresses (`getifaddrs`). For binaries only.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemMachine;

impl Machine for SystemMachine {
    fn whereabouts(&self) -> Whereabouts {
        system::whereabouts()
    }
}

/// Sorts, removes repeats and drops loopback, unspecified and IPv6 link-local addresses.
pub fn usable_addresses(found: impl IntoIterator<Item = IpAddr>) -> Vec<String> {
    let mut addresses: Vec<IpAddr> = found
        .into_iter()
        .filter(|a| !a.is_loopback() && !a.is_unspecified())
        .filter(|a| match a {
            IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
            IpAddr::V4(_) => true,
        })
        .collect();
    addresses.sort();
    addresses.dedup();
    addresses.iter().map(ToString::to_string).collect()
}

#[cfg(unix)]
mod system {
    use std::ffi::CStr;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use super::{Whereabouts, usable_addresses};

    pub(super) fn whereabouts() -> Whereabouts {
        // SAFETY: getuid cannot fail and has no preconditions.
        let uid = unsafe { libc::getuid() };
        let (login, full_name) = account(uid).unwrap_or_default();
        Whereabouts {
            os_user: if login.is_empty() {
                uid.to_string()
            } else {
                login
            },
            os_uid: Some(uid),
            full_name,
            host: host_name().unwrap_or_else(|| "unknown-host".to_string()),
            addresses: usable_addresses(addresses()),
        }
    }

    fn text(p: *const libc::c_char) -> Option<String> {
        if p.is_null() {
            return None;
        }
        // SAFETY: `p` is non-null and points at a NUL-terminated string owned by the caller's
        // buffer, which outlives this call.
        let s = unsafe { CStr::from_ptr(p) };
        Some(s.to_string_lossy().into_owned())
    }

    /// The login name and the GECOS full name of `uid`.
    fn account(uid: libc::uid_t) -> Option<(String, Option<String>)> {
        let mut buffer = vec![0 as libc::c_char; 4096];
        loop {
            // SAFETY: an all-zero passwd is a valid value (null pointers, zero ids).
            let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            // SAFETY: every pointer points at memory of the stated size that lives across the
            // call; getpwuid_r writes only into `pwd` and `buffer`.
            let rc = unsafe {
                libc::getpwuid_r(
                    uid,
                    &mut pwd,
                    buffer.as_mut_ptr(),
                    buffer.len(),
                    &mut result,
                )
            };
            if rc == libc::ERANGE && buffer.len() < 1 << 20 {
                buffer.resize(buffer.len() * 4, 0);
                continue;
            }
            if rc != 0 || result.is_null() {
                return None;
            }
            let login = text(pwd.pw_name)?;
            let full_name = text(pwd.pw_gecos)
                .and_then(|g| g.split(',').next().map(|n| n.trim().to_string()))
                .filter(|n| !n.is_empty());
            return Some((login, full_name));
        }
    }

    fn host_name() -> Option<String> {
        let mut buffer = [0 as libc::c_char; 256];
        // SAFETY: the buffer is writable for its whole length; the last byte stays NUL.
        let rc = unsafe { libc::gethostname(buffer.as_mut_ptr(), buffer.len() - 1) };
        if rc != 0 {
            return None;
        }
        text(buffer.as_ptr()).filter(|h| !h.is_empty())
    }

    fn addresses() -> Vec<IpAddr> {
        let mut out = Vec::new();
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs fills `list` with a linked list we free below with freeifaddrs.
        if unsafe { libc::getifaddrs(&mut list) } != 0 {
            return out;
        }
        let mut at = list;
        while !at.is_null() {
            // SAFETY: `at` is a node of the list getifaddrs returned, not yet freed.
            let node = unsafe { &*at };
            let addr = node.ifa_addr;
            if !addr.is_null() {
                // SAFETY: a non-null ifa_addr points at a sockaddr whose family says its type.
                let family = i32::from(unsafe { (*addr).sa_family });
                if family == libc::AF_INET {
                    // SAFETY: the family is AF_INET, so this is a sockaddr_in.
                    let v4 = unsafe { &*(addr as *const libc::sockaddr_in) };
                    out.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr))));
                } else if family == libc::AF_INET6 {
                    // SAFETY: the family is AF_INET6, so this is a sockaddr_in6.
                    let v6 = unsafe { &*(addr as *const libc::sockaddr_in6) };
                    out.push(IpAddr::V6(Ipv6Addr::from(v6.sin6_addr.s6_addr)));
                }
            }
            at = node.ifa_next;
        }
        // SAFETY: `list` came from getifaddrs and is freed once.
        unsafe { libc::freeifaddrs(list) };
        out
    }
}

#[cfg(not(unix))]
mod system {
    use super::Whereabouts;

    pub(super) fn whereabouts() -> Whereabouts {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Whereabouts {
            os_user: var("USERNAME").unwrap_or_else(|| "unknown".to_string()),
            os_uid: None,
            full_name: None,
            host: var("COMPUTERNAME").unwrap_or_else(|| "unknown-host".to_string()),
            addresses: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn loopback_and_link_local_ipv6_are_left_out_and_the_rest_sorted_once() {
        let found = [
            "10.0.0.7",
            "127.0.0.1",
            "::1",
            "fe80::1",
            "febf::2",
            "2001:db8::5",
            "192.0.2.1",
            "10.0.0.7",
            "0.0.0.0",
        ]
        .map(ip);
        assert_eq!(
            usable_addresses(found),
            ["10.0.0.7", "192.0.2.1", "2001:db8::5"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_system_knows_this_process_login_and_host() {
        let w = SystemMachine.whereabouts();
        // SAFETY: getuid has no preconditions.
        let uid = unsafe { libc::getuid() };
        assert_eq!(w.os_uid, Some(uid));
        assert!(!w.os_user.is_empty());
        assert!(!w.host.is_empty());
        assert!(w.addresses.iter().all(|a| a != "127.0.0.1" && a != "::1"));
        let mut sorted = w.addresses.clone();
        sorted.sort_by_key(|a| a.parse::<IpAddr>().ok());
        assert_eq!(sorted, w.addresses);
    }

    #[test]
    fn a_fixed_machine_says_the_same_every_time() {
        let m = FixedMachine::new("kari", "laptop-7");
        assert_eq!(m.whereabouts(), m.whereabouts());
        assert_eq!(m.whereabouts().host, "laptop-7");
    }
}
