//! The server's one error answer: a status and a JSON body `{"error": "…"}`,
//! from the library's [`tm::error::Error`] or from what the request got wrong.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What a request gets when it fails.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<tm::error::Error> for ApiError {
    fn from(e: tm::error::Error) -> ApiError {
        use tm::error::Error as E;
        let status = match &e {
            E::Parse { .. }
            | E::Record(_)
            | E::WrongScript { .. }
            | E::ForeignEntry { .. }
            | E::ReservedOrigin { .. } => StatusCode::BAD_REQUEST,
            E::NoEntry { .. } => StatusCode::NOT_FOUND,
            E::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, format!("{:#}", anyhow::Error::from(e)))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}
