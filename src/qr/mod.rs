//! QR decoding: image bytes or pixels -> the texts of every QR code found.
//! (Being built: see tests/qr_corpus.rs.)
