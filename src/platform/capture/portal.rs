//! Wayland: the desktop portal's Screenshot call (xdg-desktop-portal), over D-Bus with zbus's
//! blocking API. The portal writes a PNG of all monitors and answers with its file URI; the
//! file is read and then deleted, since it shows a secret.
//! <https://flatpak.github.io/xdg-desktop-portal/docs/doc-org.freedesktop.portal.Screenshot.html>

use std::collections::HashMap;

use zbus::blocking::{Connection, Proxy};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use super::{CaptureError, Frame, MAX_PIXELS};

const DESTINATION: &str = "org.freedesktop.portal.Desktop";
const PATH: &str = "/org/freedesktop/portal/desktop";

pub fn capture() -> Result<Vec<Frame>, CaptureError> {
    let unavailable = |e: zbus::Error| CaptureError::Unavailable(e.to_string());
    let conn = Connection::session().map_err(unavailable)?;
    let token = format!(
        "otpdesk{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    // The Response arrives on a request object whose path we can predict; listening before
    // the call means the answer cannot be missed.
    let sender = conn
        .unique_name()
        .map(|n| n.trim_start_matches(':').replace('.', "_"))
        .unwrap_or_default();
    let request_path = format!("{PATH}/request/{sender}/{token}");
    let request = Proxy::new(
        &conn,
        DESTINATION,
        request_path.as_str(),
        "org.freedesktop.portal.Request",
    )
    .map_err(unavailable)?;
    let mut responses = request.receive_signal("Response").map_err(unavailable)?;
    let screenshot = Proxy::new(
        &conn,
        DESTINATION,
        PATH,
        "org.freedesktop.portal.Screenshot",
    )
    .map_err(unavailable)?;
    let mut options: HashMap<&str, Value<'_>> = HashMap::new();
    options.insert("handle_token", Value::from(token.as_str()));
    options.insert("interactive", Value::from(false));
    let _handle: OwnedObjectPath = screenshot
        .call("Screenshot", &("", options))
        .map_err(unavailable)?;
    let message = responses
        .next()
        .ok_or_else(|| CaptureError::Failed("the portal did not answer".into()))?;
    let (response, results): (u32, HashMap<String, OwnedValue>) = message
        .body()
        .deserialize()
        .map_err(|e| CaptureError::Failed(e.to_string()))?;
    match response {
        0 => {}
        1 => {
            return Err(CaptureError::NotPermitted(
                "the request was cancelled".into(),
            ));
        }
        _ => return Err(CaptureError::NotPermitted("the system refused it".into())),
    }
    let uri = results
        .get("uri")
        .and_then(|v| <&str>::try_from(&**v).ok())
        .ok_or_else(|| CaptureError::Failed("the portal returned no file".into()))?;
    read_and_delete(uri).map(|frame| vec![frame])
}

fn read_and_delete(uri: &str) -> Result<Frame, CaptureError> {
    let failed = |detail: String| CaptureError::Failed(detail);
    let path = uri
        .strip_prefix("file://")
        .ok_or_else(|| failed(format!("unexpected screenshot location {uri}")))?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|e| failed(e.to_string()))?
        .into_owned();
    let bytes = std::fs::read(&path).map_err(|e| failed(e.to_string()));
    if let Err(e) = std::fs::remove_file(&path) {
        tracing::warn!(error = %e, "could not delete the portal's screenshot file");
    }
    let image = image::load_from_memory(&bytes?).map_err(|e| failed(e.to_string()))?;
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width * height > MAX_PIXELS {
        return Err(failed(format!(
            "the screenshot is too large ({width}×{height})"
        )));
    }
    Ok(Frame {
        width,
        height,
        rgba: image.into_rgba8().into_raw(),
    })
}
