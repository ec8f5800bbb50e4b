//! The address a request comes from, for per-client rate limits: the TCP peer, or — when the
//! peer is a trusted proxy (`--trusted-proxy`) — the nearest untrusted address in
//! `X-Forwarded-For`. Without trusted proxies the header is ignored: anyone can write it.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::state::AppState;

/// The client's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// What a rate limit counts: an IPv4 address, or the /64 network of an IPv6 address (one
    /// host usually has a whole /64, so single IPv6 addresses would cost an attacker nothing).
    pub fn bucket(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let segments = v6.segments();
                format!(
                    "{:x}:{:x}:{:x}:{:x}::/64",
                    segments[0], segments[1], segments[2], segments[3]
                )
            }
        }
    }

    /// The client of a request from `peer` with the given `X-Forwarded-For` values.
    pub fn resolve(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpRange]) -> Self {
        let is_trusted = |addr: &IpAddr| trusted.iter().any(|range| range.contains(addr));
        if !is_trusted(&peer) {
            return Self(peer);
        }
        // Each proxy appends the address it received from: walk from the nearest one back to
        // the first address no trusted proxy vouches for.
        let chain = forwarded_for
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut client = peer;
        for entry in chain.iter().rev() {
            match IpAddr::from_str(entry) {
                Ok(addr) => {
                    client = addr;
                    if !is_trusted(&addr) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        Self(client)
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        // A router served without connection info (an embedder's own server) counts every
        // client in one bucket rather than failing.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect::<Vec<_>>();
        Ok(Self::resolve(
            peer,
            &forwarded,
            &state.settings.trusted_proxies,
        ))
    }
}

/// An address or a network in CIDR notation (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `addr` is in the range.
    pub fn contains(&self, addr: &IpAddr) -> bool {
        match (self.network, addr) {
            (IpAddr::V4(network), IpAddr::V4(addr)) => {
                prefix_eq(&network.octets(), &addr.octets(), self.prefix)
            }
            (IpAddr::V6(network), IpAddr::V6(addr)) => {
                prefix_eq(&network.octets(), &addr.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let mut bits = usize::from(prefix);
    for (x, y) in a.iter().zip(b) {
        if bits == 0 {
            return true;
        }
        let take = bits.min(8);
        let mask = 0xffu8 << (8 - take);
        if (x & mask) != (y & mask) {
            return false;
        }
        bits -= take;
    }
    true
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || format!("not an address or CIDR network: {text:?}");
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text.trim(), None),
        };
        let network = IpAddr::from_str(addr).map_err(|_| invalid())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().map_err(|_| invalid())?,
            None => max,
        };
        if prefix > max {
            return Err(invalid());
        }
        Ok(Self { network, prefix })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_match_by_prefix() {
        let range: IpRange = "10.1.0.0/16".parse().unwrap();
        assert!(range.contains(&ip("10.1.200.3")));
        assert!(!range.contains(&ip("10.2.0.1")));
        assert!(!range.contains(&ip("::1")));
        let single: IpRange = "::1".parse().unwrap();
        assert!(single.contains(&ip("::1")));
        assert!(!single.contains(&ip("::2")));
        let odd: IpRange = "192.168.0.0/23".parse().unwrap();
        assert!(odd.contains(&ip("192.168.1.255")));
        assert!(!odd.contains(&ip("192.168.2.0")));
        assert!("10.0.0.0/33".parse::<IpRange>().is_err());
        assert!("nonsense".parse::<IpRange>().is_err());
    }

    #[test]
    fn forwarded_for_counts_only_behind_trusted_proxies() {
        let proxies: Vec<IpRange> = vec!["10.0.0.0/8".parse().unwrap()];
        // A direct client cannot choose its address by writing the header.
        assert_eq!(
            ClientAddr::resolve(ip("203.0.113.9"), &["198.51.100.1"], &proxies).0,
            ip("203.0.113.9")
        );
        // Behind two trusted proxies, the nearest untrusted entry is the client; entries the
        // client wrote itself further left are ignored.
        assert_eq!(
            ClientAddr::resolve(
                ip("10.0.0.1"),
                &["1.2.3.4, 198.51.100.7", "10.0.0.2"],
                &proxies
            )
            .0,
            ip("198.51.100.7")
        );
        // No trusted proxies configured: the header is ignored.
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &["198.51.100.7"], &[]).0,
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_network() {
        let a = ClientAddr(ip("2001:db8:1:2:aaaa::1"));
        let b = ClientAddr(ip("2001:db8:1:2:bbbb::9"));
        assert_eq!(a.bucket(), b.bucket());
        assert_ne!(a.bucket(), ClientAddr(ip("2001:db8:1:3::1")).bucket());
    }
}
