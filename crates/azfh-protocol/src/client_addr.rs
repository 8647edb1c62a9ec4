//! The client end of a handle as Azure Files reports it in `<ClientIp>`.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// The client end of a handle: its address, and the port when the service reports one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr {
    pub ip: IpAddr,
    pub port: Option<u16>,
}

impl ClientAddr {
    /// Parses the service's `ClientIp` text: `10.2.4.26:49849`, an IPv6 address followed by
    /// `:port` (split from the right), `[v6]:port`, or a bare address.
    pub fn parse(text: &str) -> Option<Self> {
        let text = crate::wire::trim(text);
        if let Some(rest) = text.strip_prefix('[') {
            let (ip, after) = rest.split_once(']')?;
            let ip = IpAddr::from_str(ip).ok()?;
            let port = match after.strip_prefix(':') {
                Some(port) => Some(port.parse().ok()?),
                None if after.is_empty() => None,
                None => return None,
            };
            return Some(Self { ip, port });
        }
        if let Some((ip, port)) = text.rsplit_once(':')
            && let (Ok(ip), Ok(port)) = (IpAddr::from_str(ip), port.parse::<u16>())
        {
            return Some(Self {
                ip,
                port: Some(port),
            });
        }
        IpAddr::from_str(text)
            .ok()
            .map(|ip| Self { ip, port: None })
    }
}

impl fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.ip, self.port) {
            (IpAddr::V4(ip), Some(port)) => write!(f, "{ip}:{port}"),
            (IpAddr::V6(ip), Some(port)) => write!(f, "[{ip}]:{port}"),
            (ip, None) => write!(f, "{ip}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn client_addr_forms() {
        let v4 = ClientAddr::parse("10.2.4.26:49849").unwrap();
        assert_eq!(v4.ip, IpAddr::V4(Ipv4Addr::new(10, 2, 4, 26)));
        assert_eq!(v4.port, Some(49849));
        assert_eq!(v4.to_string(), "10.2.4.26:49849");

        let v6 = ClientAddr::parse("2001:db8::42:50123").unwrap();
        assert_eq!(v6.ip, "2001:db8::42".parse::<Ipv6Addr>().unwrap());
        assert_eq!(v6.port, Some(50123));
        assert_eq!(v6.to_string(), "[2001:db8::42]:50123");

        let bracketed = ClientAddr::parse("[fe80::1]:445").unwrap();
        assert_eq!(bracketed.port, Some(445));

        let bare = ClientAddr::parse("192.168.1.1").unwrap();
        assert_eq!(bare.port, None);

        let zero = ClientAddr::parse("0.0.0.0:0").unwrap();
        assert_eq!(zero.port, Some(0));

        assert!(ClientAddr::parse("not-an-ip:80").is_none());
        assert!(ClientAddr::parse("[::1]x").is_none());
        assert!(ClientAddr::parse("").is_none());
    }
}
