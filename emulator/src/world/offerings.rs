//! What the emulated cloud offers: regions and zones, instance types, versions and the
//! configurable Cassandra parameters. Static data, taken from the seed's examples.

use shared::enums::{AcceptLanguage, ParameterDataType};

/// A region as DescribeRegions lists it.
#[derive(Debug)]
pub struct Region {
    pub id: &'static str,
    /// Names in zh-CN, en-US and ja.
    pub names: [&'static str; 3],
    pub zones: &'static [&'static str],
    /// The first three characters of cluster ids created here (`cds-bp1...` in Hangzhou), as
    /// the cloud's ids show.
    pub id_prefix: &'static str,
}

impl Region {
    pub fn local_name(&self, language: &AcceptLanguage) -> &'static str {
        match language {
            AcceptLanguage::EnUs => self.names[1],
            AcceptLanguage::Ja => self.names[2],
            // zh-CN is the documented default; an unknown language gets it too.
            AcceptLanguage::ZhCn | AcceptLanguage::Other(_) => self.names[0],
        }
    }

    pub fn has_zone(&self, zone_id: &str) -> bool {
        self.zones.contains(&zone_id)
    }
}

/// Every region answers on the central endpoint.
pub const REGION_ENDPOINT: &str = "cassandra.aliyuncs.com";

/// The seven regions of the seed's DescribeRegions example, zones in the seed's order.
pub const REGIONS: &[Region] = &[
    Region {
        id: "cn-hangzhou",
        names: ["华东1（杭州）", "China (Hangzhou)", "中国東部 1 (杭州)"],
        zones: &[
            "cn-hangzhou-h",
            "cn-hangzhou-i",
            "cn-hangzhou-b",
            "cn-hangzhou-e",
            "cn-hangzhou-f",
            "cn-hangzhou-g",
        ],
        id_prefix: "bp1",
    },
    Region {
        id: "cn-shanghai",
        names: ["华东2（上海）", "China (Shanghai)", "中国東部 2 (上海)"],
        zones: &[
            "cn-shanghai-g",
            "cn-shanghai-e",
            "cn-shanghai-f",
            "cn-shanghai-a",
            "cn-shanghai-b",
            "cn-shanghai-c",
            "cn-shanghai-d",
        ],
        id_prefix: "uf6",
    },
    Region {
        id: "cn-qingdao",
        names: ["华北1（青岛）", "China (Qingdao)", "中国北部 1 (青島)"],
        zones: &["cn-qingdao-b", "cn-qingdao-c"],
        id_prefix: "m5e",
    },
    Region {
        id: "cn-beijing",
        names: ["华北2（北京）", "China (Beijing)", "中国北部 2 (北京)"],
        zones: &[
            "cn-beijing-h",
            "cn-beijing-g",
            "cn-beijing-f",
            "cn-beijing-a",
            "cn-beijing-b",
            "cn-beijing-c",
            "cn-beijing-d",
            "cn-beijing-e",
        ],
        id_prefix: "2ze",
    },
    Region {
        id: "cn-shenzhen",
        names: ["华南1（深圳）", "China (Shenzhen)", "中国南部 1 (深セン)"],
        zones: &[
            "cn-shenzhen-d",
            "cn-shenzhen-e",
            "cn-shenzhen-a",
            "cn-shenzhen-b",
            "cn-shenzhen-c",
        ],
        id_prefix: "wz9",
    },
    Region {
        id: "cn-hongkong",
        names: ["中国（香港）", "China (Hong Kong)", "中国 (香港)"],
        zones: &["cn-hongkong-b", "cn-hongkong-c"],
        id_prefix: "j6c",
    },
    Region {
        id: "ap-southeast-1",
        names: ["新加坡", "Singapore", "シンガポール"],
        zones: &["ap-southeast-1c", "ap-southeast-1a", "ap-southeast-1b"],
        id_prefix: "t4n",
    },
];

pub fn region(id: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.id == id)
}

/// A node specification.
#[derive(Debug)]
pub struct InstanceType {
    pub name: &'static str,
    pub cores: i64,
    pub memory_gb: i64,
}

/// The documented three (`cassandra.c.*`, compute-optimised 1:2) plus general-purpose (1:4) and
/// memory-optimised (1:8) families, as the console offers them.
pub const INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType {
        name: "cassandra.c.large",
        cores: 2,
        memory_gb: 4,
    },
    InstanceType {
        name: "cassandra.c.xlarge",
        cores: 4,
        memory_gb: 8,
    },
    InstanceType {
        name: "cassandra.c.2xlarge",
        cores: 8,
        memory_gb: 16,
    },
    InstanceType {
        name: "cassandra.c.4xlarge",
        cores: 16,
        memory_gb: 32,
    },
    InstanceType {
        name: "cassandra.g.large",
        cores: 2,
        memory_gb: 8,
    },
    InstanceType {
        name: "cassandra.g.xlarge",
        cores: 4,
        memory_gb: 16,
    },
    InstanceType {
        name: "cassandra.g.2xlarge",
        cores: 8,
        memory_gb: 32,
    },
    InstanceType {
        name: "cassandra.r.xlarge",
        cores: 4,
        memory_gb: 32,
    },
    InstanceType {
        name: "cassandra.r.2xlarge",
        cores: 8,
        memory_gb: 64,
    },
];

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// A Cassandra major version and the minor versions the cloud has shipped, oldest first (the
/// last one is the latest; UpgradeClusterVersion moves a cluster there).
#[derive(Debug)]
pub struct MajorVersion {
    pub major: &'static str,
    pub minors: &'static [&'static str],
    /// What CreateCluster installs: the release before the latest, as the cloud offers its
    /// newest minor version as an upgrade first.
    pub default_minor: &'static str,
}

impl MajorVersion {
    pub fn latest(&self) -> &'static str {
        self.minors.last().copied().unwrap_or(self.major)
    }
}

pub const VERSIONS: &[MajorVersion] = &[MajorVersion {
    major: "3.11",
    minors: &["3.11.3", "3.11.5", "3.11.7", "3.11.9", "3.11.12"],
    default_minor: "3.11.9",
}];

pub fn major_version(major: &str) -> Option<&'static MajorVersion> {
    VERSIONS.iter().find(|v| v.major == major)
}

pub fn supported_major_versions() -> String {
    VERSIONS
        .iter()
        .map(|v| v.major)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A configurable parameter (DescribeParameters).
#[derive(Debug)]
pub struct ParameterDef {
    pub name: &'static str,
    pub data_type: ParameterDataType,
    /// `R[min, max]` or `G[a|b]`, verbatim as the cloud renders it.
    pub allowed_values: &'static str,
    pub default: &'static str,
    pub description: &'static str,
}

/// The nine parameters of the seed's DescribeParameters example, in its (alphabetical) order.
pub const PARAMETERS: &[ParameterDef] = &[
    ParameterDef {
        name: "cas_contention_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "1000",
        description: "How long a coordinator should continue to retry a CAS operation that \
                      contends with other proposals for the same row.",
    },
    ParameterDef {
        name: "counter_write_request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "5000",
        description: "How long the coordinator should wait for counter writes to complete.",
    },
    ParameterDef {
        name: "enable_materialized_views",
        data_type: ParameterDataType::Str,
        allowed_values: "G[true|false]",
        default: "true",
        description: "Enables materialized view creation on this node.",
    },
    ParameterDef {
        name: "enable_sasi_indexes",
        data_type: ParameterDataType::Str,
        allowed_values: "G[true|false]",
        default: "true",
        description: "Enables SASI index creation on this node.",
    },
    ParameterDef {
        name: "range_request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "10000",
        description: "How long the coordinator should wait for seq or index scans to complete.",
    },
    ParameterDef {
        name: "read_request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "5000",
        description: "How long the coordinator should wait for read operations to complete.",
    },
    ParameterDef {
        name: "request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "10000",
        description: "The default timeout for other, miscellaneous operations.",
    },
    ParameterDef {
        name: "truncate_request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "60000",
        description: "How long the coordinator should wait for truncates to complete.",
    },
    ParameterDef {
        name: "write_request_timeout_in_ms",
        data_type: ParameterDataType::Int,
        allowed_values: "R[1000, 60000]",
        default: "2000",
        description: "How long the coordinator should wait for writes to complete.",
    },
];

pub fn parameter(name: &str) -> Option<&'static ParameterDef> {
    PARAMETERS.iter().find(|p| p.name == name)
}

/// The database account every cluster starts with.
pub const ADMIN_ACCOUNT: &str = "cassandra";

/// CQL's port.
pub const CQL_PORT: i32 = 9042;

/// The DynamoDB-compatible endpoint's port (the seed's example).
pub const DYNAMODB_PORT: i32 = 80;

/// The domain of every generated address.
pub const DOMAIN: &str = "cassandra.rds.aliyuncs.com";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_documented_values() {
        assert_eq!(region("cn-hangzhou").map(|r| r.zones.len()), Some(6));
        assert!(region("cn-hangzhou").is_some_and(|r| r.has_zone("cn-hangzhou-h")));
        assert!(region("cn-hangzhou").is_some_and(|r| !r.has_zone("cn-shanghai-e")));
        assert!(region("eu-central-1").is_none());
        assert_eq!(
            instance_type("cassandra.c.large").map(|t| (t.cores, t.memory_gb)),
            Some((2, 4))
        );
        assert_eq!(
            major_version("3.11").map(MajorVersion::latest),
            Some("3.11.12")
        );
        assert_eq!(PARAMETERS.len(), 9);
        assert_eq!(
            parameter("write_request_timeout_in_ms").map(|p| p.default),
            Some("2000")
        );
    }

    #[test]
    fn region_names_follow_the_language() {
        let hangzhou = &REGIONS[0];
        assert_eq!(hangzhou.local_name(&AcceptLanguage::ZhCn), "华东1（杭州）");
        assert_eq!(
            hangzhou.local_name(&AcceptLanguage::EnUs),
            "China (Hangzhou)"
        );
        assert_eq!(
            hangzhou.local_name(&AcceptLanguage::Other("fr".into())),
            "华东1（杭州）"
        );
    }
}
