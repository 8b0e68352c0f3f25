//! Closed vocabularies stored as short codes (in the database, forms, CSV and the API) and shown translated.

/// Declares an enum whose variants have a stable code; its label's Fluent key is `{prefix}-{code}` (codes use
/// `_`, keys use `-`). `ALL` lists the variants in display order.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a code.
            pub fn from_code(code: &str) -> Option<$name> {
                match code.trim() {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The Fluent key of the variant's label.
            pub fn label_key(self) -> String {
                format!("{}-{}", $prefix, self.code().replace('_', "-"))
            }
        }

        // Read from the database as its code: a row holding an unknown code is an error naming the type and the
        // code (the request fails and the log says why), never a silent fallback to some default variant.
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }
            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                $name::from_code(&code)
                    .ok_or_else(|| format!("unknown {} code {:?}", stringify!($name), code).into())
            }
        }
    };
}
