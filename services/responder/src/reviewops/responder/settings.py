"""The responder's settings: where compliance is and the service key it calls it with."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from reviewops.common.settings import ServiceSettings


class ResponderSettings(ServiceSettings):
    compliance_url: str = "http://127.0.0.1:8003"
    classifier_url: str = "http://127.0.0.1:8002"
    service_key_file: Path = Field(description="File holding the responder's service-principal API key")
    compliance_timeout_seconds: float = Field(default=5.0, gt=0)
    recheck_interval_seconds: float = Field(default=5.0, gt=0)
    queue_metrics_interval_seconds: float = Field(default=15.0, gt=0,
                                                  description="How often the queue gauges are counted")

    def service_key(self) -> str:
        return self.service_key_file.read_text().strip()
