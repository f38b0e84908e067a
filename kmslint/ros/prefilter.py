"""A byte-level prefilter for ROS templates: only those that may concern KMS are parsed.

A template concerns KMS when it names an ``ALIYUN::KMS::`` type or a resource type that uses a
key (the consumer catalogue), or when a ``Transform: Aliyun::Terraform`` workspace holds a word
the Terraform prefilter looks for. Any other template declares no key and no consumer, so its
cost is nothing and its syntax errors are not kmslint's business: it is skipped unread.
"""

from __future__ import annotations

import re
from functools import lru_cache

TERRAFORM_TRANSFORM = re.compile(rb"Aliyun::Terraform", re.IGNORECASE)


@lru_cache(maxsize=1)
def _ros_words() -> re.Pattern[bytes]:
    from kmslint.consumers import consumer_catalogue

    words = {"ALIYUN::KMS::", *consumer_catalogue().ros}
    return re.compile(b"|".join(re.escape(w.encode()) for w in sorted(words)), re.IGNORECASE)


def may_concern_kms(data: bytes) -> bool:
    """True unless the template surely declares no KMS resource and no consumer of one."""
    if _ros_words().search(data):
        return True
    if TERRAFORM_TRANSFORM.search(data):
        from kmslint.terraform.workspace import relevant_pattern

        return bool(relevant_pattern().search(data.decode("utf-8", errors="replace")))
    return False
