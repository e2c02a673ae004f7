"""Search on SolrCloud (issue #15, item 6): the portal's index in a
collection replicated on two Solr nodes (scripts/solrcloud.sh: ZooKeeper,
two nodes, nginx in front as CKAN's solr_url). With one node stopped, the
public search still finds the published datasets and a curator's approval
is indexed at once; the node started again catches up with what was
published while it was down.

The cluster is this module's own, on free loopback ports, in a temporary
folder; it is stopped at the end."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import ckan.lib.search as search

from tests.helpers import call_as, free_port, publish, search_names, statistik_sektoral

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "solrcloud.sh"
COLLECTION = "ckan"
READY_SECONDS = 120


class Cluster:
    def __init__(self, var: Path):
        self.ports = {"zk": free_port(), 1: free_port(), 2: free_port(), "proxy": free_port()}
        self.env = dict(
            os.environ, SATUDATA_VAR=str(var), SOLRCLOUD_COLLECTION=COLLECTION,
            SOLRCLOUD_ZK_PORT=str(self.ports["zk"]), SOLRCLOUD_NODE1_PORT=str(self.ports[1]),
            SOLRCLOUD_NODE2_PORT=str(self.ports[2]), SOLRCLOUD_PORT=str(self.ports["proxy"]),
            # quicker JVM start-up for a short-lived test cluster
            SOLR_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        self.url = f"http://127.0.0.1:{self.ports['proxy']}/solr/{COLLECTION}"
        self.logs = var / "log"

    def run(self, *args: str) -> str:
        done = subprocess.run([str(SCRIPT), *args], env=self.env, capture_output=True,
                              text=True, timeout=240)
        assert done.returncode == 0, (done.stdout, done.stderr, self._log_tails())
        return done.stdout

    def _log_tails(self) -> str:
        return "\n".join(f"== {p.name}\n" + "\n".join(p.read_text(errors="replace")
                                                      .splitlines()[-15:])
                         for p in sorted(self.logs.glob("solrcloud-*.log")))

    def node_url(self, node: int) -> str:
        return f"http://127.0.0.1:{self.ports[node]}/solr"

    def node_name(self, node: int) -> str:
        return f"127.0.0.1:{self.ports[node]}_solr"

    def replicas(self, via: int) -> list[dict]:
        """The collection's replicas as node `via` sees them, each with
        `live` (its node is in the cluster)."""
        with urllib.request.urlopen(f"{self.node_url(via)}/admin/collections"
                                    "?action=CLUSTERSTATUS&wt=json", timeout=10) as answer:
            cluster = json.load(answer)["cluster"]
        shards = cluster["collections"][COLLECTION]["shards"].values()
        return [dict(r, live=r["node_name"] in cluster["live_nodes"])
                for shard in shards for r in shard["replicas"].values()]

    def leader_node(self) -> int:
        leader = next(r for r in self.replicas(1) if r.get("leader") == "true")
        return 1 if leader["node_name"] == self.node_name(1) else 2

    def wait_for_leader_on(self, node: int) -> None:
        """Polls the cluster status until the replica on `node` leads the
        shard and is active."""
        deadline = time.monotonic() + READY_SECONDS
        mine = []
        while time.monotonic() < deadline:
            mine = [r for r in self.replicas(node) if r["node_name"] == self.node_name(node)]
            if mine and mine[0]["state"] == "active" and mine[0].get("leader") == "true":
                return
            time.sleep(0.5)
        raise AssertionError(f"no leader on node {node}: {mine}")

    def docs_on(self, node: int) -> dict[str, int]:
        """{dataset id: version of its document} in the replica of `node`
        alone (not distributed)."""
        url = (f"{self.node_url(node)}/{COLLECTION}/select?q=*:*&fl=id,_version_&rows=1000"
               "&distrib=false&wt=json")
        with urllib.request.urlopen(url, timeout=10) as answer:
            return {doc["id"]: doc["_version_"] for doc in json.load(answer)["response"]["docs"]}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("solrcloud"))
    try:
        cluster.run("start")
        yield cluster
    finally:
        cluster.run("stop")


@pytest.fixture
def on_cluster(cluster, ckan_config, monkeypatch):
    """CKAN's solr_url at the collection (through nginx), emptied first."""
    monkeypatch.setitem(ckan_config, "solr_url", cluster.url)
    search.clear_all()
    return cluster


def _published(people, organization, create_with_upload, name: str, title: str) -> dict:
    dataset = call_as(people["pic"], "package_create",
                      **statistik_sektoral(organization["id"], name=name, title=title))
    create_with_upload("rw,jumlah\n1,5\n2,7\n", "data.csv", package_id=dataset["id"],
                       context={"user": people["pic"]["name"]})
    return publish(people["pic"], dataset, people["curator"])


def test_search_and_publishing_go_on_with_one_node_down_and_the_node_catches_up(
        on_cluster, people, kelurahan_balowerti, create_with_upload):
    cluster = on_cluster
    first = _published(people, kelurahan_balowerti, create_with_upload,
                       "posyandu-aktif-2025", "Posyandu aktif 2025")
    assert not first["search_index_pending"]
    assert search_names(None, q="posyandu") == ["posyandu-aktif-2025"]
    # replicated: each node holds the same, latest document on its own
    assert first["id"] in cluster.docs_on(1)
    assert cluster.docs_on(1) == cluster.docs_on(2)

    # the node that leads the shard goes down: the other one takes over
    down = cluster.leader_node()
    up = 3 - down
    cluster.run("stop-node", str(down))
    cluster.wait_for_leader_on(up)
    assert search_names(None, q="posyandu") == ["posyandu-aktif-2025"]
    second = _published(people, kelurahan_balowerti, create_with_upload,
                        "posyandu-aktif-2026", "Posyandu aktif 2026")
    # indexed at once: nothing left for the catch-up of a stopped Solr
    assert second["satudata_status"] == "terbit"
    assert not second["search_index_pending"] and second["notice"] is None
    assert sorted(search_names(None, q="posyandu")) == ["posyandu-aktif-2025",
                                                        "posyandu-aktif-2026"]
    assert second["id"] in cluster.docs_on(up)

    # back: the node recovers what was published while it was down
    cluster.run("start-node", str(down))
    assert all(r["state"] == "active" and r["live"] for r in cluster.replicas(down))
    assert set(cluster.docs_on(down)) == {first["id"], second["id"]}
    assert cluster.docs_on(down) == cluster.docs_on(up)
    assert sorted(search_names(None, q="posyandu")) == ["posyandu-aktif-2025",
                                                        "posyandu-aktif-2026"]
