"""Recording audit events. Every service that changes a record calls ``record``."""

from __future__ import annotations

import logging
from typing import Any

from flask import has_request_context
from flask_login import current_user

from monitor.audit.models import AuditEvent
from monitor.database import session

log = logging.getLogger(__name__)

CLI_ACTOR = "command line"


def record(
    action: str,
    entity_type: str,
    entity_id: object,
    *,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current session; it commits with the change it describes."""
    user_id = None
    if actor is None:
        if has_request_context() and current_user.is_authenticated:
            user_id = current_user.id
            actor = current_user.username
        else:
            actor = CLI_ACTOR
    event = AuditEvent(
        user_id=user_id,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        old_values=old,
        new_values=new,
    )
    session.add(event)
    log.info("%s %s %s by %s", action, entity_type, entity_id, actor)
    return event
