//! Tags on clusters (per region) and resource groups.

use std::collections::{BTreeMap, BTreeSet};

use shared::actions::{
    ListTagResourcesRequest, ListTagResourcesResponse, ListTagsRequest, ListTagsResponse,
    MoveResourceGroupRequest, MoveResourceGroupResponse, RegionTag, TagParam, TagResource,
    TagResourcesRequest, TagResourcesResponse, UnTagResourcesRequest, UnTagResourcesResponse,
};
use shared::enums::ResourceType;
use shared::rules::{MAX_TAGS, TagKey, TagValue};

use super::region;
use crate::ApiError;
use crate::world::Call;
use crate::world::errors;
use crate::world::model::Cluster;
use crate::world::validation::{self, field};

/// The live clusters named by `ResourceId.N` in `region_id`; every one must exist there.
fn resources<'a>(
    clusters: &'a mut BTreeMap<String, Cluster>,
    region_id: &str,
    ids: &[String],
) -> Result<Vec<&'a mut Cluster>, ApiError> {
    let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    for id in &wanted {
        let found = clusters
            .get(*id)
            .is_some_and(|cluster| !cluster.is_deleted() && cluster.region_id == region_id);
        if !found {
            return Err(errors::resource_not_found(id, region_id));
        }
    }
    Ok(clusters
        .values_mut()
        .filter(|cluster| wanted.contains(cluster.id.as_str()))
        .collect())
}

/// `Tag.N.Key` / `Tag.N.Value`, parsed with the shared rules (the request's `Validate` has
/// checked the count and repeated keys).
fn tags_to_set(tags: &[TagParam]) -> Result<Vec<(String, String)>, ApiError> {
    tags.iter()
        .enumerate()
        .map(|(index, tag)| {
            let n = index + 1;
            let key = field(&format!("Tag.{n}.Key"), TagKey::parse(&tag.key))?;
            let value = tag.value.as_deref().unwrap_or("");
            let value = field(&format!("Tag.{n}.Value"), TagValue::parse(value))?;
            Ok((key.as_str().to_owned(), value.as_str().to_owned()))
        })
        .collect()
}

/// Adds or overwrites tags; a cluster carries at most 20.
pub fn tag_resources(
    call: &mut Call<'_>,
    req: TagResourcesRequest,
) -> Result<TagResourcesResponse, ApiError> {
    let region = region(&req.region_id)?;
    let tags = tags_to_set(&req.tag)?;
    let mut clusters = resources(&mut call.state.clusters, region.id, &req.resource_id)?;
    for cluster in &clusters {
        let added = tags
            .iter()
            .filter(|(key, _)| !cluster.tags.contains_key(key))
            .count();
        if cluster.tags.len() + added > MAX_TAGS {
            return Err(errors::tag_quota(&cluster.id, MAX_TAGS));
        }
    }
    for cluster in &mut clusters {
        cluster.tags.extend(tags.iter().cloned());
    }
    Ok(TagResourcesResponse::default())
}

/// Removes the keys listed in `TagKey.N`; without any, every tag (`All=true`; the shared rule
/// refuses neither keys nor All).
pub fn un_tag_resources(
    call: &mut Call<'_>,
    req: UnTagResourcesRequest,
) -> Result<UnTagResourcesResponse, ApiError> {
    let region = region(&req.region_id)?;
    let clusters = resources(&mut call.state.clusters, region.id, &req.resource_id)?;
    for cluster in clusters {
        if !req.tag_key.is_empty() {
            for key in &req.tag_key {
                cluster.tags.remove(key);
            }
        } else if req.all == Some(true) {
            cluster.tags.clear();
        }
    }
    Ok(UnTagResourcesResponse::default())
}

/// Tag bindings (one row per resource and key), in resource then key order, a page at a
/// time. NextToken is an opaque cursor after the last row returned, so pages stay consistent
/// while tags change.
pub fn list_tag_resources(
    call: &mut Call<'_>,
    req: ListTagResourcesRequest,
) -> Result<ListTagResourcesResponse, ApiError> {
    let region = region(&req.region_id)?;
    let after = req
        .next_token
        .as_deref()
        .filter(|token| !token.is_empty())
        .map(|token| cursor::decode(token).ok_or_else(errors::invalid_next_token))
        .transpose()?;
    let wanted: BTreeSet<&str> = req.resource_id.iter().map(String::as_str).collect();
    let mut rows = call
        .state
        .live_clusters()
        .into_iter()
        .filter(|cluster| cluster.region_id == region.id)
        .filter(|cluster| wanted.is_empty() || wanted.contains(cluster.id.as_str()))
        .filter(|cluster| {
            req.tag
                .iter()
                .all(|tag| match (cluster.tags.get(&tag.key), &tag.value) {
                    (Some(value), Some(wanted)) => value == wanted,
                    (found, _) => found.is_some(),
                })
        })
        .flat_map(|cluster| {
            cluster
                .tags
                .iter()
                .map(move |(key, value)| (&cluster.id, key, value))
        })
        .collect::<Vec<_>>();
    rows.sort();
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|(id, key, _)| {
            after.as_ref().is_none_or(|(after_id, after_key)| {
                (id.as_str(), key.as_str()) > (after_id.as_str(), after_key.as_str())
            })
        })
        .collect();
    let page_size = call.config.tag_page_size.max(1);
    let next_token = (rows.len() > page_size).then(|| {
        let (id, key, _) = rows[page_size - 1];
        cursor::encode(id, key)
    });
    let tag_resources = rows
        .into_iter()
        .take(page_size)
        .map(|(id, key, value)| TagResource {
            resource_id: Some(id.clone()),
            resource_type: Some(ResourceType::Cluster),
            tag_key: Some(key.clone()),
            tag_value: Some(value.clone()),
        })
        .collect();
    Ok(ListTagResourcesResponse {
        next_token,
        tag_resources,
        ..Default::default()
    })
}

/// Every distinct tag (key and value) used by the region's clusters.
pub fn list_tags(call: &mut Call<'_>, req: ListTagsRequest) -> Result<ListTagsResponse, ApiError> {
    let region = region(&req.region_id)?;
    let tags: BTreeSet<(&String, &String)> = call
        .state
        .clusters
        .values()
        .filter(|cluster| !cluster.is_deleted() && cluster.region_id == region.id)
        .flat_map(|cluster| cluster.tags.iter())
        .collect();
    let tags = tags
        .into_iter()
        .map(|(key, value)| RegionTag {
            tag_key: Some(key.clone()),
            tag_value: Some(value.clone()),
        })
        .collect();
    Ok(ListTagsResponse {
        tags,
        ..Default::default()
    })
}

pub fn move_resource_group(
    call: &mut Call<'_>,
    req: MoveResourceGroupRequest,
) -> Result<MoveResourceGroupResponse, ApiError> {
    let group = validation::resource_group_id("NewResourceGroupId", &req.new_resource_group_id)?;
    let cluster = call.state.cluster_mut(&req.cluster_id)?;
    cluster.resource_group_id = group;
    Ok(MoveResourceGroupResponse::default())
}

/// The NextToken of ListTagResources: the last row's resource id and key, hex-encoded.
mod cursor {
    const SEPARATOR: char = '\u{1f}';

    pub fn encode(resource_id: &str, key: &str) -> String {
        format!("{resource_id}{SEPARATOR}{key}")
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub fn decode(token: &str) -> Option<(String, String)> {
        if !token.len().is_multiple_of(2) || !token.is_ascii() {
            return None;
        }
        let bytes = (0..token.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        let text = String::from_utf8(bytes).ok()?;
        let (id, key) = text.split_once(SEPARATOR)?;
        Some((id.to_owned(), key.to_owned()))
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trips_and_rejects_garbage() {
            let token = super::encode("cds-bp1abc", "环境");
            assert_eq!(
                super::decode(&token),
                Some(("cds-bp1abc".into(), "环境".into()))
            );
            assert_eq!(super::decode("zz"), None);
            assert_eq!(super::decode("abc"), None);
            assert_eq!(super::decode("6162"), None, "no separator");
        }
    }
}
