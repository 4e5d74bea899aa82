//! Documented values as enums. The cloud documents most lists as "some possible values", so
//! every enum keeps an unknown value (`Other`) instead of failing to parse.

/// Defines a string enum with known variants and an `Other(String)` fallback.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value the documentation does not list, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The documented values, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(s) => s,
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire $(| $alias)* => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = $crate::de::text(d)?;
                Ok(Self::from(text.as_str()))
            }
        }
    };
}

string_enum! {
    /// Cluster and data center status.
    ClusterStatus {
        Creating = "Creating",
        CreateFailed = "CreateFailed",
        Running = "Running",
        Deleting = "Deleting",
        DeleteFailed = "DeleteFailed",
        Deleted = "Deleted",
        /// Not in the seed's list, but the cloud reports clusters being changed this way.
        Resizing = "Resizing",
        Restarting = "Restarting",
        Upgrading = "Upgrading",
    }
}

impl ClusterStatus {
    /// Still moving: the panel keeps polling until the status settles.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            Self::Creating | Self::Deleting | Self::Resizing | Self::Restarting | Self::Upgrading
        )
    }
}

string_enum! {
    DiskType {
        CloudSsd = "cloud_ssd",
        CloudEssd = "cloud_essd",
        CloudEfficiency = "cloud_efficiency",
        LocalSsdPro = "local_ssd_pro",
    }
}

string_enum! {
    PayType {
        Subscription = "Subscription",
        PayAsYouGo = "PayAsYouGo",
    }
}

string_enum! {
    PeriodUnit {
        Year = "Year",
        Month = "Month",
    }
}

string_enum! {
    LockMode {
        None = "None",
        Expired = "Expired",
        DiskFull = "DiskFull",
    }
}

string_enum! {
    /// Node state in the ring, as DescribeClusterDashboard reports it. The seed spells Moving
    /// `Movving`; both spellings parse, the seed's is written.
    NodeStatus {
        UpNormal = "UpNormal",
        UpLeaving = "UpLeaving",
        UpJoining = "UpJoining",
        UpMoving = "UpMovving" | "UpMoving",
        DownNormal = "DownNormal",
        DownLeaving = "DownLeaving",
        DownJoining = "DownJoining",
        DownMoving = "DownMovving" | "DownMoving",
    }
}

impl NodeStatus {
    pub fn is_up(&self) -> bool {
        matches!(
            self,
            Self::UpNormal | Self::UpLeaving | Self::UpJoining | Self::UpMoving
        )
    }
}

string_enum! {
    /// `full` is lower case and `Incremental` capitalised on the wire.
    BackupType {
        Full = "full",
        Incremental = "Incremental",
    }
}

string_enum! {
    BackupStatus {
        Succeeded = "Succeeded",
        Failed = "Failed",
    }
}

string_enum! {
    Weekday {
        Monday = "Monday",
        Tuesday = "Tuesday",
        Wednesday = "Wednesday",
        Thursday = "Thursday",
        Friday = "Friday",
        Saturday = "Saturday",
        Sunday = "Sunday",
    }
}

string_enum! {
    /// DescribeParameters' data type.
    ParameterDataType {
        Int = "INT",
        Str = "STR",
    }
}

string_enum! {
    ResourceType {
        Cluster = "ALIYUN::CASSANDRA::CLUSTER",
    }
}

string_enum! {
    AcceptLanguage {
        ZhCn = "zh-CN",
        EnUs = "en-US",
        Ja = "ja",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept() {
        let s: ClusterStatus = serde_json::from_str("\"Migrating\"").unwrap();
        assert_eq!(s, ClusterStatus::Other("Migrating".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Migrating\"");
    }

    #[test]
    fn both_moving_spellings_parse() {
        assert_eq!(NodeStatus::from("UpMoving"), NodeStatus::UpMoving);
        assert_eq!(NodeStatus::from("UpMovving"), NodeStatus::UpMoving);
        assert_eq!(NodeStatus::UpMoving.as_str(), "UpMovving");
        assert_eq!(BackupType::from("full"), BackupType::Full);
    }
}
