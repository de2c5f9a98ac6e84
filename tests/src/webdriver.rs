//! A small blocking WebDriver client: just the endpoints Vakt's end-to-end tests use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A WebDriver error: transport, or the driver's own `{error, message}`.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

type Result<T> = std::result::Result<T, Error>;

fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| Error(format!("connect to WebDriver on port {port}: {e}")))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| Error(e.to_string()))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(payload.as_bytes()))
        .map_err(|e| Error(format!("send {method} {path}: {e}")))?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader
        .read_line(&mut status_line)
        .map_err(|e| Error(format!("read status of {method} {path}: {e}")))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| Error(e.to_string()))?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut raw = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader
                .read_line(&mut size)
                .map_err(|e| Error(e.to_string()))?;
            let n = usize::from_str_radix(size.trim(), 16).map_err(|e| Error(e.to_string()))?;
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader
                .read_exact(&mut chunk)
                .map_err(|e| Error(e.to_string()))?;
            raw.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = length {
        raw.resize(n, 0);
        reader
            .read_exact(&mut raw)
            .map_err(|e| Error(e.to_string()))?;
    } else {
        reader
            .read_to_end(&mut raw)
            .map_err(|e| Error(e.to_string()))?;
    }
    let value: Value = serde_json::from_slice(&raw).map_err(|e| {
        Error(format!(
            "{method} {path}: {} answered with non-JSON ({e}): {}",
            status_line.trim(),
            String::from_utf8_lossy(&raw)
        ))
    })?;
    let inner = value.get("value").cloned().unwrap_or(Value::Null);
    if let Some(err) = inner.get("error").and_then(Value::as_str) {
        let message = inner.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(Error(format!("{method} {path}: {err}: {message}")));
    }
    Ok(inner)
}

/// An open WebDriver session.
#[derive(Debug)]
pub struct Session {
    port: u16,
    id: String,
}

/// A found element.
#[derive(Debug, Clone)]
pub struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    /// Opens a session with `capabilities` (the `alwaysMatch` object).
    pub fn start(port: u16, capabilities: Value) -> Result<Self> {
        let v = request(
            port,
            "POST",
            "/session",
            Some(&json!({ "capabilities": { "alwaysMatch": capabilities } })),
        )?;
        let id = v
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error(format!("no sessionId in {v}")))?
            .to_string();
        Ok(Self { port, id })
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        request(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }

    /// The first element matching a CSS selector, if any.
    pub fn find(&self, css: &str) -> Result<Element> {
        let v = self.call(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        v.get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .map(|s| Element(s.to_string()))
            .ok_or_else(|| Error(format!("no element reference in {v}")))
    }

    /// Waits up to `timeout` for an element matching `css` to appear.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.find(css) {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() >= deadline => {
                    return Err(Error(format!(
                        "{css} did not appear within {timeout:?}: {e}"
                    )));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// The rendered text of an element.
    pub fn text(&self, element: &Element) -> Result<String> {
        let v = self.call("GET", &format!("/element/{}/text", element.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Clicks an element.
    pub fn click(&self, element: &Element) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// Types `text` into an element (appending to what it holds).
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": text })),
        )
        .map(|_| ())
    }

    /// Empties an input or textarea.
    pub fn clear(&self, element: &Element) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{}/clear", element.0),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// An element's attribute (or property, as WebDriver resolves it), if set.
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>> {
        let v = self.call(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self.call(
            "POST",
            "/elements",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.get(ELEMENT_KEY).and_then(Value::as_str))
                    .map(|s| Element(s.to_string()))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Sends keys to the focused element (WebDriver's keyboard actions); `keys` may hold
    /// WebDriver key codes such as `\u{E007}` (Enter).
    pub fn keys(&self, keys: &str) -> Result<()> {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                let k = c.to_string();
                [
                    json!({ "type": "keyDown", "value": k }),
                    json!({ "type": "keyUp", "value": k }),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(&json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        )
        .map(|_| ())
    }

    /// A PNG screenshot of the window's content.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let v = self.call("GET", "/screenshot", None)?;
        let b64 = v
            .as_str()
            .ok_or_else(|| Error("screenshot is not a string".into()))?;
        decode_base64(b64)
    }

    /// Ends the session (the driver closes the app).
    pub fn end(self) -> Result<()> {
        request(self.port, "DELETE", &format!("/session/{}", self.id), None).map(|_| ())
    }
}

/// Decodes standard base64 (with padding), as WebDriver screenshots are sent.
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for quad in clean.chunks(4) {
        let mut acc = 0u32;
        let mut n = 0;
        for &c in quad {
            if c == b'=' {
                break;
            }
            acc = (acc << 6) | value(c).ok_or_else(|| Error(format!("bad base64 byte {c}")))?;
            n += 1;
        }
        acc <<= 6 * (4 - n);
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..n.max(1)]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64_round_trips_known_values() {
        assert_eq!(decode_base64("").expect("empty"), b"");
        assert_eq!(decode_base64("Zg==").expect("f"), b"f");
        assert_eq!(decode_base64("Zm8=").expect("fo"), b"fo");
        assert_eq!(decode_base64("Zm9v").expect("foo"), b"foo");
        assert_eq!(
            decode_base64("iVBORw0KGgo=").expect("png"),
            b"\x89PNG\r\n\x1a\n"
        );
        assert!(decode_base64("a$==").is_err());
    }
}
