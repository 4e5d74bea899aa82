"""Drive every action of both official Python SDKs against the emulator.

Independent real clients: `aliyun-python-sdk-core` + `aliyun-python-sdk-cassandra` (the "old
core") and `alibabacloud-cassandra20190101` (the "Tea client"), pointed only at 127.0.0.1.

Usage: drive_sdks.py HOST:PORT ACCESS_KEY_ID ACCESS_KEY_SECRET

Prints one JSON line per call ({"sdk", "action", "ok", ...}) and a final summary line; exits 1
if any call failed or if an SDK action was not driven. The emulator should run with a high
--speed so that Creating -> Running takes milliseconds.
"""

import json
import re
import sys
import time
import uuid

ENDPOINT, KEY_ID, SECRET = sys.argv[1], sys.argv[2], sys.argv[3]
REGION = "cn-hangzhou"
PASSWORD = "Pa55word!#"

results = []


def report(sdk, action, ok, **extra):
    line = {"sdk": sdk, "action": action, "ok": ok, **extra}
    results.append(line)
    print(json.dumps(line), flush=True)


# ---------------------------------------------------------------- the two clients


class OldCore:
    name = "old-core"

    def __init__(self, secret=SECRET):
        from aliyunsdkcore.client import AcsClient

        self.client = AcsClient(KEY_ID, secret, REGION, timeout=30, connect_timeout=10)

    def call(self, action, params):
        import importlib

        module = importlib.import_module(f"aliyunsdkcassandra.request.v20190101.{action}Request")
        request = getattr(module, f"{action}Request")()
        request.set_endpoint(ENDPOINT)
        request.set_protocol_type("http")
        for name, value in params.items():
            setter = getattr(request, f"set_{name}", None) or getattr(request, f"set_{name}s", None)
            if setter is None:
                # RegionId has no setter: the old core sends the client's region, or this one.
                request.add_query_param(name, value)
            else:
                setter(value)
        body = self.client.do_action_with_exception(request)
        return json.loads(body)


class TeaClient:
    name = "tea"

    def __init__(self, secret=SECRET):
        from alibabacloud_cassandra20190101.client import Client
        from alibabacloud_tea_openapi import models as open_api_models

        config = open_api_models.Config(
            access_key_id=KEY_ID,
            access_key_secret=secret,
            endpoint=ENDPOINT,
            protocol="http",
            region_id=REGION,
        )
        self.client = Client(config)

    def call(self, action, params):
        from alibabacloud_cassandra20190101 import models

        request = getattr(models, f"{action}Request")().from_map(params)
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
        response = getattr(self.client, method)(request)
        return response.body.to_map()


# ---------------------------------------------------------------- the scenario


def scenario(sdk):
    """Every one of the 53 SDK actions, in an order where each has what it needs."""

    def call(action, **params):
        try:
            body = sdk.call(action, params)
        except Exception as err:  # noqa: BLE001 - every failure is reported, then re-raised
            report(sdk.name, action, False, error=f"{type(err).__name__}: {err}"[:500])
            raise
        report(sdk.name, action, True, request_id=body.get("RequestId"))
        return body

    def wait_running(cluster_id, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status = sdk.call("DescribeClusterStatus", {"ClusterId": cluster_id}).get("Status")
            if status == "Running":
                return
            time.sleep(0.05)
        raise RuntimeError(f"cluster {cluster_id} did not reach Running")

    call("DescribeRegions", AcceptLanguage="en-US")
    call("DescribeInstanceType", InstanceType="cassandra.c.large")
    created = call(
        "CreateCluster",
        ClientToken=uuid.uuid4().hex,
        RegionId=REGION,
        ZoneId="cn-hangzhou-h",
        VpcId="vpc-bp1sdktest",
        VswitchId="vsw-bp1sdktest",
        ClusterName=f"sdk-{sdk.name}",
        DataCenterName="dc1",
        MajorVersion="3.11",
        InstanceType="cassandra.c.large",
        NodeCount=2,
        DiskType="cloud_ssd",
        DiskSize=160,
        PayType="PayAsYouGo",
        Password=PASSWORD,
    )
    cluster = created["ClusterId"]
    call("DescribeClusterStatus", ClusterId=cluster)
    wait_running(cluster)
    call("DescribeClusters", RegionId=REGION, PageNumber=1, PageSize=10)
    call("DescribeCluster", ClusterId=cluster)
    dcs = call("DescribeDataCenters", ClusterId=cluster)
    dc = dcs["DataCenters"]["DataCenter"][0]["DataCenterId"]
    call("DescribeDataCenter", ClusterId=cluster, DataCenterId=dc)
    call("ModifyCluster", ClusterId=cluster, ClusterName=f"sdk-{sdk.name}-renamed")
    call("ModifyDataCenter", ClusterId=cluster, DataCenterId=dc, DataCenterName="dc-one")
    call("ModifyInstanceMaintainTime", ClusterId=cluster, MaintainStartTime="02:00", MaintainEndTime="04:00")

    call("DescribeIpWhitelist", ClusterId=cluster)
    call("ModifyIpWhitelist", ClusterId=cluster, IpList="10.0.0.1,10.0.0.2")
    call("DescribeIpWhitelistGroups", ClusterId=cluster)
    call("ModifyIpWhitelistGroup", ClusterId=cluster, GroupName="sdk_group", IpList="10.1.0.0/24", IpVersion=4)
    call("DescribeSecurityGroups", ClusterId=cluster)
    call("ModifySecurityGroups", ClusterId=cluster, SecurityGroupIds="sg-bp1sdktest")
    call("DescribeAccounts", ClusterId=cluster)
    call("ModifyAccountPassword", ClusterId=cluster, Account="cassandra", Password="N3w-Passw0rd")

    call(
        "CreateBackupPlan",
        ClusterId=cluster,
        DataCenterId=dc,
        BackupTime="00:30Z",
        BackupPeriod="Monday,Thursday",
        RetentionPeriod=3,
        Active=True,
    )
    call("DescribeBackupPlan", ClusterId=cluster, DataCenterId=dc)
    call("DescribeBackupPlans", ClusterId=cluster)
    call(
        "ModifyBackupPlan",
        ClusterId=cluster,
        DataCenterId=dc,
        BackupTime="01:30Z",
        BackupPeriod="Tuesday",
        RetentionPeriod=5,
        Active=True,
    )
    backups = call("DescribeBackups", ClusterId=cluster, DataCenterId=dc, BackupType="full")
    backup_list = backups.get("Backups", {}).get("Backup", [])
    if isinstance(backup_list, dict):
        backup_list = [backup_list]
    if not backup_list:
        report(sdk.name, "DescribeBackup", False, error="DescribeBackups listed no backup to describe")
        raise RuntimeError("no backup")
    call("DescribeBackup", ClusterId=cluster, DataCenterId=dc, BackupType="full", BackupId=backup_list[0]["BackupId"])
    call("DeleteBackupPlan", ClusterId=cluster, DataCenterId=dc)

    call("DescribeContactPoints", ClusterId=cluster)
    call("AllocatePublicContactPoints", ClusterId=cluster, DataCenterId=dc, ClientToken=uuid.uuid4().hex)
    call("ReleasePublicContactPoints", ClusterId=cluster, DataCenterId=dc)

    call("ExecuteNodeTool", ClusterId=cluster, DataCenterId=dc, Command="status")
    histories = call("DescribeNodeToolExecutionHistories", ClusterId=cluster, PageNumber=1, PageSize=10)
    history = histories["Histories"]["History"]
    job = (history[0] if isinstance(history, list) else history)["JobId"]
    call("DescribeNodeToolExecutionHistory", ClusterId=cluster, DcId=dc, JobId=job)
    call("DeleteNodeToolExecutionHistory", ClusterId=cluster, DataCenterId=dc, JobId=job)

    call("DescribeParameters", ClusterId=cluster, PageNumber=1, PageSize=20)
    call("ModifyParameter", ClusterId=cluster, Name="read_request_timeout_in_ms", Value="6000")
    call("DescribeParameterModificationHistories", ClusterId=cluster, PageNumber=1, PageSize=10)
    call("DescribeClusterDashboard", ClusterId=cluster)
    call("GetCmsUrl", ClusterId=cluster)

    call("TagResources", RegionId=REGION, ResourceId=[cluster], Tag=[{"Key": "team", "Value": "sdk"}])
    call("ListTagResources", RegionId=REGION, ResourceId=[cluster])
    call("ListTags", RegionId=REGION)
    call("UnTagResources", RegionId=REGION, ResourceId=[cluster], TagKey=["team"])
    call("MoveResourceGroup", ClusterId=cluster, NewResourceGroupId="rg-sdktest")

    call("ResizeDiskSize", ClusterId=cluster, DataCenterId=dc, DiskSize=200)
    wait_running(cluster)
    call("ResizeNodeCount", ClusterId=cluster, DataCenterId=dc, NodeCount=3)
    wait_running(cluster)
    call("ModifyInstanceType", ClusterId=cluster, DataCenterId=dc, InstanceType="cassandra.c.xlarge")
    wait_running(cluster)
    call("RebootCluster", ClusterId=cluster)
    wait_running(cluster)
    call("UpgradeClusterVersion", ClusterId=cluster)
    wait_running(cluster)

    second = call(
        "CreateDataCenter",
        ClientToken=uuid.uuid4().hex,
        ClusterId=cluster,
        RegionId=REGION,
        ZoneId="cn-hangzhou-i",
        VpcId="vpc-bp1sdktest",
        VswitchId="vsw-bp1sdktest2",
        DataCenterName="dc2",
        InstanceType="cassandra.c.large",
        NodeCount=2,
        DiskType="cloud_ssd",
        DiskSize=160,
        PayType="PayAsYouGo",
    )
    wait_running(cluster)
    dc2 = second.get("DataCenterId")
    if not dc2:
        listed = call("DescribeDataCenters", ClusterId=cluster)["DataCenters"]["DataCenter"]
        dc2 = [d for d in listed if d["DataCenterId"] != dc][0]["DataCenterId"]
    call("DeleteDataCenter", ClusterId=cluster, DataCenterId=dc2)
    wait_running(cluster)

    call("DeleteCluster", ClusterId=cluster)
    deadline = time.time() + 30
    while time.time() < deadline:
        deleted = sdk.call("DescribeDeletedClusters", {"RegionId": REGION, "PageNumber": 1, "PageSize": 50})
        items = deleted.get("Clusters", {}).get("Cluster", [])
        items = [items] if isinstance(items, dict) else items
        if any(c.get("ClusterId") == cluster for c in items):
            break
        time.sleep(0.05)
    call("DescribeDeletedClusters", RegionId=REGION, PageNumber=1, PageSize=50)
    call("PurgeCluster", ClusterId=cluster)


def wrong_secret(sdk_class):
    """A call signed with the wrong secret must fail the way the cloud fails."""
    sdk = sdk_class(secret=SECRET + "-wrong")
    try:
        sdk.call("DescribeRegions", {})
    except Exception as err:  # noqa: BLE001
        code = getattr(err, "error_code", None) or getattr(err, "code", None)
        status = getattr(err, "http_status", None) or getattr(err, "statusCode", None) or getattr(err, "status_code", None)
        report(sdk.name, "wrong-secret", True, code=code, http_status=status)
        return
    report(sdk.name, "wrong-secret", False, error="a call with the wrong secret succeeded")


def sdk_actions():
    """The actions each SDK has, read from the SDKs themselves."""
    import os

    import aliyunsdkcassandra.request.v20190101 as old_requests

    old = {f[: -len("Request.py")] for f in os.listdir(os.path.dirname(old_requests.__file__)) if f.endswith("Request.py")}
    from alibabacloud_cassandra20190101.client import Client

    tea = {
        "".join(part.capitalize() for part in name.split("_"))
        for name in Client.__dict__
        if not name.startswith("_") and not name.endswith(("_with_options", "_async")) and name != "get_endpoint"
    }
    return old, tea


def main():
    old_actions, tea_actions = sdk_actions()
    for sdk_class in (OldCore, TeaClient):
        try:
            scenario(sdk_class())
        except Exception as err:  # noqa: BLE001
            report(sdk_class.name, "scenario", False, error=f"{type(err).__name__}: {err}"[:500])
        wrong_secret(sdk_class)

    summary = {}
    failed = [r for r in results if not r["ok"]]
    for sdk_name, actions in (("old-core", old_actions), ("tea", tea_actions)):
        driven = {r["action"].lower() for r in results if r["sdk"] == sdk_name and r["ok"]}
        missing = sorted(a for a in actions if a.lower() not in driven)
        summary[sdk_name] = {"sdk_actions": len(actions), "driven_ok": len(actions) - len(missing), "missing": missing}
        if missing:
            failed.append({"sdk": sdk_name, "missing": missing})
    print(json.dumps({"summary": summary, "failures": len(failed)}), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
