"""deploy/k8s: every overlay builds with kustomize, its core objects are valid Kubernetes 1.31,
and what the services and the topic registry require holds in each overlay."""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest

from reviewops.common.events.registry import TOPICS
from reviewops.common.settings import ServiceSettings

from .conftest import (
    KUBERNETES_VERSION,
    KUSTOMIZE_VERSION,
    REPO_ROOT,
    kustomize_build,
    load_generator,
    makefile_variable,
)

OVERLAYS = ("dev", "prod")
SERVICES = ("ingest", "classifier", "compliance", "responder")
CONSUMERS = ("classifier", "compliance", "responder")
# API groups served by Kubernetes itself; anything else is a custom resource of an operator.
CORE_GROUPS = {"", "apps", "batch", "policy", "networking.k8s.io", "rbac.authorization.k8s.io"}
TOPIC_PARTITIONS = {name: topic.partitions for topic in TOPICS for name in (topic.name, topic.dlq)}


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest, kustomize: Path) -> tuple[str, list[dict]]:
    return request.param, kustomize_build(kustomize, request.param)


def group_of(document: dict) -> str:
    api_version = document["apiVersion"]
    return api_version.split("/")[0] if "/" in api_version else ""


def objects(documents: list[dict], kind: str) -> dict[str, dict]:
    return {document["metadata"]["name"]: document for document in documents if document["kind"] == kind}


def one(documents: list[dict], kind: str) -> dict:
    found = list(objects(documents, kind).values())
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def test_the_makefile_installs_the_kustomize_the_tests_state() -> None:
    assert makefile_variable("KUSTOMIZE_VERSION") == KUSTOMIZE_VERSION


def test_generated_manifests_match_the_registry_and_the_generator() -> None:
    stale = load_generator().stale_files()
    assert not stale, f"run `make manifests`: {[str(path.relative_to(REPO_ROOT)) for path in stale]}"


def test_core_objects_are_valid_kubernetes(overlay: tuple[str, list[dict]]) -> None:
    _, documents = overlay
    core = [document for document in documents if group_of(document) in CORE_GROUPS]
    assert core
    for document in core:
        # Raises ValidationError naming the field; strict rejects fields the schema does not know.
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_only_known_custom_resources_appear(overlay: tuple[str, list[dict]]) -> None:
    name, documents = overlay
    custom = {(document["apiVersion"], document["kind"]) for document in documents
              if group_of(document) not in CORE_GROUPS}
    expected = {
        "dev": set(),
        "prod": {
            ("kafka.strimzi.io/v1beta2", "Kafka"),
            ("kafka.strimzi.io/v1beta2", "KafkaNodePool"),
            ("kafka.strimzi.io/v1beta2", "KafkaTopic"),
            ("keda.sh/v1alpha1", "ScaledObject"),
            ("postgresql.cnpg.io/v1", "Cluster"),
        },
    }[name]
    assert custom == expected


def test_every_service_has_its_objects(overlay: tuple[str, list[dict]]) -> None:
    _, documents = overlay
    for kind in ("Deployment", "Service", "ServiceAccount", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy"):
        assert set(SERVICES) <= set(objects(documents, kind)), kind
    for account in (objects(documents, "ServiceAccount")[service] for service in SERVICES):
        assert account["automountServiceAccountToken"] is False
    for service in SERVICES:
        selector = {"app.kubernetes.io/name": service, "app.kubernetes.io/part-of": "reviewops"}
        assert objects(documents, "PodDisruptionBudget")[service]["spec"]["selector"]["matchLabels"] == selector
        assert objects(documents, "Service")[service]["spec"]["ports"] == [
            {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}
        ]


def test_every_deployment_follows_the_same_container_conventions(overlay: tuple[str, list[dict]]) -> None:
    _, documents = overlay
    drain = ServiceSettings.model_fields["consumer_drain_seconds"].default
    layouts = set()
    for service in SERVICES:
        pod = objects(documents, "Deployment")[service]["spec"]["template"]["spec"]
        assert pod["serviceAccountName"] == service
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        [app] = pod["containers"]
        assert app["name"] == "app"
        assert app["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
        assert f"reviewops.{service}.main:create" in app["command"]
        assert app["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert app["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        pre_stop = app["lifecycle"]["preStop"]["sleep"]["seconds"]
        # SIGTERM comes after preStop; the consumer then drains before the relay flushes.
        assert pod["terminationGracePeriodSeconds"] > pre_stop + drain
        tmp_volumes = [volume for volume in pod["volumes"] if volume["name"] == "tmp"]
        assert tmp_volumes and "emptyDir" in tmp_volumes[0]
        for container in [*pod["initContainers"], app]:
            security = container["securityContext"]
            assert security["runAsNonRoot"] is True
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert security["seccompProfile"] == {"type": "RuntimeDefault"}
            assert {"requests", "limits"} <= set(container["resources"])
            assert {"cpu", "memory"} <= set(container["resources"]["limits"])
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
            # Same env layout everywhere: common settings, the service's own, DATABASE_URL first in env.
            assert container["envFrom"] == [
                {"configMapRef": {"name": "reviewops-common"}}, {"configMapRef": {"name": service}}
            ]
            assert container["env"][0]["name"] == "DATABASE_URL"
            layouts.add(repr(container["env"]))
        [migrate] = pod["initContainers"]
        assert migrate["command"] == ["python", "-m", "reviewops.common.db.migrate", "auth", service]
    assert len(layouts) == 1, "every container reads DATABASE_URL from the same Secret"


def test_migrations_take_an_advisory_lock_so_init_containers_cannot_race() -> None:
    source = (REPO_ROOT / "libs/common/src/reviewops/common/db/migrations.py").read_text()
    assert "pg_advisory_xact_lock" in source


def test_network_policies_allow_only_what_the_design_needs(overlay: tuple[str, list[dict]]) -> None:
    _, documents = overlay
    policies = objects(documents, "NetworkPolicy")
    for service in SERVICES:
        spec = policies[service]["spec"]
        assert spec["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == service
        assert spec["policyTypes"] == ["Ingress", "Egress"]
        assert spec["ingress"] == [{"ports": [{"protocol": "TCP", "port": "http"}]}]
        peers = {}
        for rule in spec["egress"]:
            [peer] = rule["to"]
            ports = tuple(sorted((port["protocol"], str(port["port"])) for port in rule["ports"]))
            labels = peer["podSelector"]["matchLabels"]
            target = labels.get("reviewops.io/backend") or labels.get("app.kubernetes.io/name") or labels["k8s-app"]
            peers[target] = ports
        expected = {
            "kube-dns": (("TCP", "53"), ("UDP", "53")),
            "kafka": (("TCP", "9092"),),
            "postgres": (("TCP", "5432"),),
        }
        if service == "responder":
            expected |= {"compliance": (("TCP", "http"),), "classifier": (("TCP", "http"),)}
        assert peers == expected, service


def test_kafka_and_postgres_pods_carry_the_labels_the_policies_allow(overlay: tuple[str, list[dict]]) -> None:
    name, documents = overlay
    if name == "dev":
        for workload, backend in (("reviewops-kafka", "kafka"), ("reviewops-postgres", "postgres")):
            labels = objects(documents, "StatefulSet")[workload]["spec"]["template"]["metadata"]["labels"]
            assert labels["reviewops.io/backend"] == backend
        return
    brokers = [pool for pool in objects(documents, "KafkaNodePool").values() if "broker" in pool["spec"]["roles"]]
    assert brokers
    for pool in brokers:
        assert pool["spec"]["template"]["pod"]["metadata"]["labels"]["reviewops.io/backend"] == "kafka"
    cluster = one(documents, "Cluster")
    assert cluster["spec"]["inheritedMetadata"]["labels"]["reviewops.io/backend"] == "postgres"


def test_services_reach_kafka_at_the_bootstrap_service_of_the_overlay(overlay: tuple[str, list[dict]]) -> None:
    name, documents = overlay
    bootstrap = objects(documents, "ConfigMap")["reviewops-common"]["data"]["REVIEWOPS_KAFKA_BOOTSTRAP"]
    host, port = bootstrap.split(":")
    if name == "dev":
        assert objects(documents, "Service")[host]["spec"]["ports"][0]["port"] == int(port)
    else:
        # Strimzi names the bootstrap Service <cluster>-kafka-bootstrap.
        assert host == f"{one(documents, 'Kafka')['metadata']['name']}-kafka-bootstrap"
        assert int(port) == one(documents, "Kafka")["spec"]["kafka"]["listeners"][0]["port"]


def test_prod_kafka_is_strimzi_kraft_with_node_pools_on_kafka_3_9(kustomize: Path) -> None:
    documents = kustomize_build(kustomize, "prod")
    kafka = one(documents, "Kafka")
    assert kafka["apiVersion"] == "kafka.strimzi.io/v1beta2"
    assert kafka["metadata"]["annotations"] == {"strimzi.io/kraft": "enabled", "strimzi.io/node-pools": "enabled"}
    assert kafka["spec"]["kafka"]["version"].startswith("3.9.")
    assert kafka["spec"]["kafka"]["config"]["auto.create.topics.enable"] is False
    assert "topicOperator" in kafka["spec"]["entityOperator"]
    pools = objects(documents, "KafkaNodePool").values()
    assert {role for pool in pools for role in pool["spec"]["roles"]} == {"controller", "broker"}
    for pool in pools:
        assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert pool["spec"]["replicas"] >= 3


def test_prod_kafka_topics_are_the_registry_with_its_dlq_twins(kustomize: Path) -> None:
    documents = kustomize_build(kustomize, "prod")
    cluster = one(documents, "Kafka")["metadata"]["name"]
    topics = objects(documents, "KafkaTopic").values()
    assert {topic["spec"]["topicName"]: topic["spec"]["partitions"] for topic in topics} == TOPIC_PARTITIONS
    for topic in topics:
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == cluster
        assert topic["spec"]["replicas"] > topic["spec"]["config"]["min.insync.replicas"] >= 2


def test_prod_scales_each_consumer_on_its_group_lag_within_its_partitions(kustomize: Path) -> None:
    documents = kustomize_build(kustomize, "prod")
    registry = {topic.name: topic for topic in TOPICS}
    namespace = one(documents, "Namespace")["metadata"]["name"]
    bootstrap = f"{one(documents, 'Kafka')['metadata']['name']}-kafka-bootstrap.{namespace}.svc:9092"
    scaled = objects(documents, "ScaledObject")
    assert set(scaled) == set(CONSUMERS)
    for service, scaled_object in scaled.items():
        spec = scaled_object["spec"]
        assert spec["scaleTargetRef"]["name"] == service
        triggers = spec["triggers"]
        assert [trigger["metadata"]["topic"] for trigger in triggers] == consumed_topics(service)
        for trigger in triggers:
            assert trigger["type"] == "kafka"
            metadata = trigger["metadata"]
            assert metadata["consumerGroup"] == group_of_service(service)
            assert metadata["bootstrapServers"] == bootstrap
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"] <= max(
            registry[trigger["metadata"]["topic"]].partitions for trigger in triggers)
    # KEDA owns the consumers' replica counts; a fixed count in the Deployment would fight it.
    for service in CONSUMERS:
        assert "replicas" not in objects(documents, "Deployment")[service]["spec"]


def test_prod_postgres_is_a_cloudnativepg_cluster_whose_secret_the_services_read(kustomize: Path) -> None:
    documents = kustomize_build(kustomize, "prod")
    cluster = one(documents, "Cluster")
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
    assert cluster["spec"]["instances"] >= 2
    owner = cluster["spec"]["bootstrap"]["initdb"]["owner"]
    assert owner == "reviewops"
    # CloudNativePG writes <cluster>-app for the application user, with a `uri` key.
    secret = f"{cluster['metadata']['name']}-app"
    for service in SERVICES:
        pod = objects(documents, "Deployment")[service]["spec"]["template"]["spec"]
        for container in [*pod["initContainers"], *pod["containers"]]:
            assert container["env"][0]["valueFrom"]["secretKeyRef"] == {"name": secret, "key": "uri"}


def consumed_topics(service: str) -> list[str]:
    """The topics a service subscribes to, read from its bootstrap (Subscription(<TOPIC>, ...))."""
    source = (REPO_ROOT / "services" / service / "src" / "reviewops" / service / "bootstrap.py").read_text()
    from reviewops.common.events import registry

    return [getattr(registry, constant).name for constant in re.findall(r"Subscription\((\w+),", source)]


def group_of_service(service: str) -> str:
    """The consumer group: ConsumerLoop's group_id defaults to the service name given to create_app."""
    source = (REPO_ROOT / "services" / service / "src" / "reviewops" / service / "main.py").read_text()
    [name] = re.findall(r'service="(\w+)"', source)
    consumer = (REPO_ROOT / "libs/common/src/reviewops/common/kafka/consumer.py").read_text()
    assert "group_id=group_id or service" in consumer
    return name
