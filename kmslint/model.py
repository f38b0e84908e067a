"""The inventory every loader produces: KMS keys, extra key versions, consumers, diagnostics.

Also the value types the front ends share: :class:`Unknown` and :class:`ResourceRef`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kmslint.errors import Diagnostic

if TYPE_CHECKING:
    from fractions import Fraction

ENABLED = "Enabled"
DISABLED = "Disabled"
PENDING_DELETION = "PendingDeletion"

# Billing models: KMS 1.0 (per version, per call) or a KMS instance ("KMS 3.0").
KMS1 = "kms1"
INSTANCE = "instance"
PAY_AS_YOU_GO = "PayAsYouGo"
SUBSCRIPTION = "Subscription"
SOFTWARE_EDITION = "software"
HARDWARE_EDITION = "hardware"
UNKNOWN_EDITION = "unknown"
INSTANCE_TYPES = ("alicloud_kms_instance", "ALIYUN::KMS::Instance")
SECRET_TYPES = ("alicloud_kms_secret", "ALIYUN::KMS::Secret")


def is_key_entry(resource: dict[str, Any]) -> bool:
    """Whether a report's ``resources[]`` entry is a key (not an instance or a secret)."""
    return resource.get("type") not in (*INSTANCE_TYPES, *SECRET_TYPES)


def counts_apart(resource: dict[str, Any]) -> bool:
    """Whether an entry's cost adds to the totals: KMS 1.0 keys and instances (members are inside)."""
    if resource.get("type") in INSTANCE_TYPES:
        return True
    return is_key_entry(resource) and resource.get("billing_model", KMS1) == KMS1


def key_ref(project: str, address: str) -> str:
    """A key's identity in a scan: addresses repeat across root modules, projects do not."""
    return f"{project}::{address}" if project else address


@dataclass(frozen=True)
class Unknown:
    """A value kmslint cannot know before apply (or could not evaluate), with the reason."""

    reason: str


@dataclass(frozen=True)
class ResourceRef(Unknown):
    """A computed attribute of a resource (``alicloud_kms_key.k.id``): unknown, but we know whose."""

    address: str = ""
    attribute: str = ""


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


@dataclass(frozen=True)
class SourceRange:
    file: str
    line: int
    end_line: int | None = None


@dataclass
class Unresolved:
    """A cost-relevant value that could not be resolved, and the assumption made instead."""

    field: str
    assumption: str
    line: int | None = None

    def text(self) -> str:
        return f"{self.field} could not be resolved; assumed {self.assumption}"


@dataclass(frozen=True)
class Suppression:
    """A ``kmslint:ignore`` written in the source (or ROS Metadata) for one rule."""

    rule_id: str
    reason: str | None
    file: str
    line: int
    file_level: bool = False


class Declared:
    """What a declared resource knows of where it is: its project, address and source lines."""

    address: str
    project: str
    source: SourceRange
    attributes: dict[str, int]

    @property
    def ref(self) -> str:
        return key_ref(self.project, self.address)

    @property
    def file(self) -> str:
        return self.source.file

    @property
    def line(self) -> int:
        return self.source.line

    def attribute_line(self, name: str) -> int:
        """Line of attribute ``name`` in the resource's block, or the block's own line."""
        return self.attributes.get(name, self.source.line)


class Assumable(Declared):
    """A declared resource whose unknown values are priced on stated assumptions."""

    notes: list[str]
    unresolved: list[Unresolved]

    def assume(self, field_name: str, assumption: str, line: int | None = None) -> None:
        entry = Unresolved(field_name, assumption, line)
        self.unresolved.append(entry)
        self.notes.append(entry.text())


@dataclass
class Key(Assumable):
    """One KMS key as the cost engine and the rules see it, after evaluation."""

    address: str
    type: str
    source: SourceRange
    key_spec: str
    key_usage: str
    protection_level: str
    origin: str = "Aliyun_KMS"
    rotation_enabled: bool = False
    rotation_interval: str | None = None
    rotation_interval_days: Fraction | None = None
    rotation_refused: str = ""  # why KMS refuses the rotation the template asks for, if it does
    status: str = ENABLED
    billed_when_pending_deletion: bool = True
    pending_window_in_days: int | None = None
    dkms_instance_id: str | None = None
    deletion_protection: bool | None = None
    tags: dict[str, Any] = field(default_factory=dict)
    region: str = ""
    region_source: str = ""
    project: str = ""  # the root module, plan or template the key was found through
    extra_versions: int = 0
    deletion_policy_retain: bool = False
    attributes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    consumers: list[Consumer] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    referenced_by_alias: bool = False
    # False when a count/for_each that makes this key could not be resolved: the key stands
    # for "at least one instance" and its cost is a floor. ``instance_placeholder`` splits the
    # address around the placeholder index (``[0]`` / ``["?"]``) a usage ``count:`` replaces.
    instances_known: bool = True
    instance_placeholder: tuple[str, str, str] | None = None
    instance_address: str | None = None  # the scanned instance dkms_instance_id refers to
    instance_unresolved: str | None = None  # why dkms_instance_id is set but not known
    billing_model: str = KMS1
    instance: str | None = None  # the instance's address or literal id (instance billing)

    def refuse_rotation(self, asked: str, why: str | None) -> None:
        """Record (once) that KMS refuses the rotation the template asks for, and why."""
        if why and not self.rotation_refused:
            self.rotation_refused = why
            self.notes.append(f"{asked}, but {why} (the API rejects this); priced without rotation")

    @property
    def rotation_days(self) -> Fraction | None:
        """Every how many days KMS adds a version: None when the key does not rotate (rotation
        off, no usable interval, or refused by KMS)."""
        if not self.rotation_enabled or self.rotation_refused:
            return None
        return self.rotation_interval_days

    @property
    def names_instance(self) -> bool:
        """Whether the code puts the key in an instance (literal id, reference or unknown)."""
        return bool(self.dkms_instance_id or self.instance_address or self.instance_unresolved)

    @property
    def in_dedicated_instance(self) -> bool:
        return self.billing_model == INSTANCE or self.names_instance

    @property
    def exists_billed(self) -> bool:
        """False only for a key that really is PendingDeletion (free in both models)."""
        return self.status != PENDING_DELETION or self.billed_when_pending_deletion

    @property
    def billed(self) -> bool:
        """Billed by KMS 1.0 (per version and call); instance keys are paid through the instance."""
        return not self.in_dedicated_instance and self.exists_billed


@dataclass
class KeyVersion:
    """An explicit extra version of a key (Terraform ``alicloud_kms_key_version``)."""

    address: str
    key_address: str | None
    source: SourceRange
    project: str = ""  # as on Key

    @property
    def key_ref(self) -> str | None:
        return key_ref(self.project, self.key_address) if self.key_address else None


@dataclass
class Consumer:
    """A resource that uses a key (or a free service key) and so makes cryptographic calls."""

    address: str
    type: str
    source: SourceRange
    key_address: str | None
    uses_service_key: bool = False
    storage: bool = False  # disk/bucket-style encryption a free service key could do
    external_key: str | None = None  # a key id that is not a key of this scan
    other_keys: list[str] = field(default_factory=list)  # more keys it uses (data disks, ...)
    notes: list[str] = field(default_factory=list)
    project: str = ""  # as on Key: the root module, plan or template it was found through

    @property
    def key_ref(self) -> str | None:
        return key_ref(self.project, self.key_address) if self.key_address else None


@dataclass
class UnfetchedModule:
    """A registry or git module call whose code is not on disk: its keys cannot be counted."""

    address: str
    source: str
    file: str
    line: int


@dataclass
class Instance(Assumable):
    """A KMS instance (``alicloud_kms_instance`` / ``ALIYUN::KMS::Instance``)."""

    address: str
    type: str
    source: SourceRange
    payment_type: str = SUBSCRIPTION
    edition: str = SOFTWARE_EDITION
    product_version: str | None = None
    spec: int | None = None  # QPS spec
    key_num: int | None = None
    secret_num: int | None = None
    vpc_num: int | None = None
    bound_vpcs: int = 0
    term_months: int | None = None
    log_storage: bool = False
    region: str = ""
    project: str = ""
    attributes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)


@dataclass
class Secret(Declared):
    """A KMS secret (``alicloud_kms_secret`` / ``ALIYUN::KMS::Secret``)."""

    address: str
    type: str
    source: SourceRange
    dkms_instance_id: str | None = None
    instance_address: str | None = None
    instance_unresolved: str | None = None
    project: str = ""
    region: str = ""
    billing_model: str = KMS1
    instance: str | None = None
    attributes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)

    @property
    def names_instance(self) -> bool:
        return bool(self.dkms_instance_id or self.instance_address or self.instance_unresolved)


@dataclass
class Inventory:
    keys: list[Key] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    secrets: list[Secret] = field(default_factory=list)
    key_versions: list[KeyVersion] = field(default_factory=list)
    consumers: list[Consumer] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    scanned_files: list[str] = field(default_factory=list)
    unfetched_modules: list[UnfetchedModule] = field(default_factory=list)

    def extend(self, other: Inventory) -> None:
        self.keys.extend(other.keys)
        self.unfetched_modules.extend(other.unfetched_modules)
        self.instances.extend(other.instances)
        self.secrets.extend(other.secrets)
        self.key_versions.extend(other.key_versions)
        self.consumers.extend(other.consumers)
        self.diagnostics.extend(other.diagnostics)
        for assumption in other.assumptions:
            if assumption not in self.assumptions:
                self.assumptions.append(assumption)
        self.scanned_files.extend(other.scanned_files)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]
