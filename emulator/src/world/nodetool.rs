//! What a nodetool job prints: plausible output for the commands the panel allows, computed
//! from the cluster's state when the job starts.

use std::fmt::Write as _;

use super::ids::stable_hash;
use super::model::{Cluster, DataCenter, Node, Ring};

/// The system keyspaces every cluster has (no user data exists in the emulator).
const KEYSPACES: &[&str] = &[
    "system",
    "system_auth",
    "system_distributed",
    "system_schema",
    "system_traces",
];

/// A job's outcome: what it printed and, if it failed, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub result: String,
    pub error_message: String,
}

impl Outcome {
    fn ok(result: String) -> Self {
        Self {
            result,
            error_message: String::new(),
        }
    }

    fn failed(error_message: String) -> Self {
        Self {
            result: String::new(),
            error_message,
        }
    }
}

/// Run `command` (already checked against the allowed commands) with `arguments` on `nodes`
/// of `dc`.
pub fn run(
    cluster: &Cluster,
    dc: &DataCenter,
    nodes: &[&Node],
    command: &str,
    arguments: &str,
) -> Outcome {
    let mut words = command
        .split_whitespace()
        .chain(arguments.split_whitespace());
    let Some(verb) = words.next() else {
        return Outcome::failed(usage_error(command));
    };
    let args: Vec<&str> = words.collect();
    match verb {
        "status" => Outcome::ok(status(dc)),
        "ring" | "describering" => match args.first() {
            Some(keyspace) if !KEYSPACES.contains(keyspace) => {
                Outcome::failed(format!("Error: The keyspace {keyspace}, does not exist"))
            }
            _ => Outcome::ok(ring(dc)),
        },
        "describecluster" => Outcome::ok(describe_cluster(cluster)),
        "version" => Outcome::ok(per_node(nodes, |_| {
            format!("ReleaseVersion: {}\n", cluster.minor_version)
        })),
        "info" => Outcome::ok(per_node(nodes, |node| info(cluster, dc, node))),
        "gettimeout" => match args.first().and_then(|kind| timeout_parameter(kind)) {
            Some((kind, parameter)) => {
                let ms = cluster
                    .parameters
                    .get(parameter)
                    .map_or("0", String::as_str);
                Outcome::ok(per_node(nodes, |_| {
                    format!("Current timeout for type {kind}: {ms} ms\n")
                }))
            }
            None => Outcome::failed(usage_error(verb)),
        },
        "settimeout" => match (
            args.first().and_then(|kind| timeout_parameter(kind)),
            args.get(1),
        ) {
            (Some(_), Some(ms)) if ms.parse::<u32>().is_ok() => Outcome::ok(String::new()),
            _ => Outcome::failed(usage_error(verb)),
        },
        "getcompactionthroughput" => Outcome::ok(per_node(nodes, |_| {
            "Current compaction throughput: 16 MB/s\n".to_owned()
        })),
        "setcompactionthroughput" => match args.first().map(|mb| mb.parse::<u32>()) {
            Some(Ok(_)) => Outcome::ok(String::new()),
            _ => Outcome::failed(usage_error(verb)),
        },
        "tablestats" | "cfstats" | "tablehistograms" | "cfhistograms" | "flush" | "compact"
        | "cleanup" | "garbagecollect" | "repair" => keyspace_command(verb, &args, nodes),
        "compactionstats" => Outcome::ok(per_node(nodes, |_| "pending tasks: 0\n".to_owned())),
        "tpstats" => Outcome::ok(per_node(nodes, |_| tpstats())),
        "netstats" => Outcome::ok(per_node(nodes, |_| {
            "Mode: NORMAL\nNot sending any streams.\nRead Repair Statistics:\nAttempted: 0\n\
             Mismatch (Blocking): 0\nMismatch (Background): 0\n"
                .to_owned()
        })),
        "gossipinfo" => Outcome::ok(gossip_info(cluster, dc)),
        "proxyhistograms" => Outcome::ok(per_node(nodes, |_| proxy_histograms())),
        _ => Outcome::failed(usage_error(verb)),
    }
}

/// nodetool's answer to arguments it cannot use.
fn usage_error(verb: &str) -> String {
    format!(
        "nodetool: Missing or invalid arguments for {verb}\nSee 'nodetool help' or 'nodetool help \
         <command>'."
    )
}

/// Commands that take optional `keyspace [tables...]` or `keyspace.table` arguments.
fn keyspace_command(verb: &str, args: &[&str], nodes: &[&Node]) -> Outcome {
    let keyspace = args
        .iter()
        .find(|arg| !arg.starts_with('-'))
        .map(|arg| arg.split('.').next().unwrap_or(arg));
    if let Some(keyspace) = keyspace
        && !KEYSPACES.contains(&keyspace)
    {
        return Outcome::failed(format!("Error: The keyspace {keyspace}, does not exist"));
    }
    let output = match verb {
        "tablestats" | "cfstats" => per_node(nodes, |_| {
            format!(
                "Total number of tables: {}\n----------------\nKeyspace : {}\n\tRead Count: 0\n\t\
                 Write Count: 0\n\tPending Flushes: 0\n",
                KEYSPACES.len() * 8,
                keyspace.unwrap_or("system_auth")
            )
        }),
        "tablehistograms" | "cfhistograms" => per_node(nodes, |_| {
            "Percentile  SSTables     Write Latency      Read Latency    Partition Size        \
             Cell Count\n50%             0.00              0.00              0.00               \
             0                 0\n"
                .to_owned()
        }),
        "repair" => per_node(nodes, |node| {
            format!(
                "[repair #1] Starting repair command #1 on {}, repairing keyspace {}\n\
                 [repair #1] Repair completed successfully\n",
                node.address,
                keyspace.unwrap_or("system_auth")
            )
        }),
        // flush, compact, cleanup, garbagecollect: silent on success, like nodetool.
        _ => String::new(),
    };
    Outcome::ok(output)
}

/// Per-node output, each block headed by the node's name when several nodes ran it.
fn per_node(nodes: &[&Node], mut render: impl FnMut(&Node) -> String) -> String {
    if let [node] = nodes {
        return render(node);
    }
    let mut out = String::new();
    for node in nodes {
        let _ = write!(out, "{}:\n{}", node.name, render(node));
    }
    out
}

/// Maps `gettimeout`/`settimeout` kinds to the parameter that holds them.
fn timeout_parameter(kind: &str) -> Option<(&str, &'static str)> {
    let parameter = match kind {
        "read" => "read_request_timeout_in_ms",
        "range" => "range_request_timeout_in_ms",
        "write" => "write_request_timeout_in_ms",
        "counterwrite" => "counter_write_request_timeout_in_ms",
        "cascontention" => "cas_contention_timeout_in_ms",
        "truncate" => "truncate_request_timeout_in_ms",
        "misc" => "request_timeout_in_ms",
        _ => return None,
    };
    Some((kind, parameter))
}

/// A UUID-shaped id, stable for `parts`.
fn stable_uuid(parts: &[&str]) -> String {
    let a = stable_hash(parts);
    let b = stable_hash(&[parts, &["uuid"]].concat());
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

fn host_id(node: &Node, dc: &DataCenter) -> String {
    stable_uuid(&[&dc.id, &node.name])
}

fn load(node: &Node) -> String {
    let text = format!("{:.2}", node.load_mib);
    format!("{} MiB", text.trim_end_matches('0').trim_end_matches('.'))
}

/// DescribeClusterDashboard's Load column uses the same rendering.
pub fn load_text(node: &Node) -> String {
    load(node)
}

fn status(dc: &DataCenter) -> String {
    let members = dc
        .nodes
        .iter()
        .filter(|n| n.ring != Ring::Joining)
        .count()
        .max(1);
    let owns = (300.0 / members as f64).min(100.0);
    let mut out = format!(
        "Datacenter: {}\n{}\nStatus=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n\
         --  Address         Load       Tokens       Owns (effective)  Host ID                       \
                 Rack\n",
        dc.id,
        "=".repeat(12 + dc.id.len())
    );
    for node in &dc.nodes {
        let state = match node.ring {
            Ring::Normal => 'N',
            Ring::Joining => 'J',
            Ring::Leaving => 'L',
        };
        let _ = writeln!(
            out,
            "U{state}  {:<15} {:<10} 256          {:<17} {}  rack1",
            node.address.to_string(),
            load(node),
            format!("{owns:.1}%"),
            host_id(node, dc)
        );
    }
    out
}

fn ring(dc: &DataCenter) -> String {
    let mut out = format!(
        "\nDatacenter: {}\n==========\nAddress        Rack  Status State   Load       Owns    Token\n",
        dc.id
    );
    for (i, node) in dc.nodes.iter().enumerate() {
        let token = stable_hash(&[&dc.id, &node.name, &i.to_string()]) as i64;
        let _ = writeln!(
            out,
            "{:<14} rack1 Up     Normal  {:<10} ?       {token}",
            node.address.to_string(),
            load(node)
        );
    }
    out
}

fn describe_cluster(cluster: &Cluster) -> String {
    let schema = stable_uuid(&[&cluster.id, "schema"]);
    let addresses: Vec<String> = cluster
        .data_centers
        .iter()
        .flat_map(|dc| dc.nodes.iter().map(|n| n.address.to_string()))
        .collect();
    format!(
        "Cluster Information:\n\tName: {}\n\tSnitch: org.apache.cassandra.locator.\
         GossipingPropertyFileSnitch\n\tDynamicEndPointSnitch: enabled\n\tPartitioner: \
         org.apache.cassandra.dht.Murmur3Partitioner\n\tSchema versions:\n\t\t{schema}: [{}]\n",
        cluster.id,
        addresses.join(", ")
    )
}

fn info(cluster: &Cluster, dc: &DataCenter, node: &Node) -> String {
    format!(
        "ID                     : {}\nGossip active          : true\nNative Transport active: true\n\
         Load                   : {}\nGeneration No          : 1600000000\nData Center            : {}\n\
         Rack                   : rack1\nExceptions             : 0\nRelease Version        : {}\n",
        host_id(node, dc),
        load(node),
        dc.id,
        cluster.minor_version
    )
}

fn gossip_info(cluster: &Cluster, dc: &DataCenter) -> String {
    let mut out = String::new();
    for node in &dc.nodes {
        let _ = write!(
            out,
            "/{}\n  generation:1600000000\n  heartbeat:{}\n  STATUS:NORMAL\n  DC:{}\n  RACK:rack1\n  \
             RELEASE_VERSION:{}\n  HOST_ID:{}\n",
            node.address,
            stable_hash(&[&node.name]) % 100_000,
            dc.id,
            cluster.minor_version,
            host_id(node, dc)
        );
    }
    out
}

fn tpstats() -> String {
    let pools = [
        "ReadStage",
        "MutationStage",
        "CompactionExecutor",
        "MemtableFlushWriter",
        "GossipStage",
        "Native-Transport-Requests",
    ];
    let mut out =
        "Pool Name                    Active   Pending      Completed   Blocked  All time blocked\n"
            .to_owned();
    for pool in pools {
        let completed = stable_hash(&[pool]) % 100_000;
        let _ = writeln!(
            out,
            "{pool:<28} {:>6} {:>9} {completed:>14} {:>9} {:>17}",
            0, 0, 0, 0
        );
    }
    out
}

fn proxy_histograms() -> String {
    "proxy histograms\nPercentile       Read Latency      Write Latency      Range Latency\n\
     50%                   0.00               0.00               0.00\n"
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_map_to_parameters() {
        assert_eq!(
            timeout_parameter("read"),
            Some(("read", "read_request_timeout_in_ms"))
        );
        assert_eq!(
            timeout_parameter("misc"),
            Some(("misc", "request_timeout_in_ms"))
        );
        assert_eq!(timeout_parameter("bogus"), None);
    }
}
