"""Row builders for tests: every count column present, zero unless given.

Small readable datasets are built in code from these; expected numbers are worked out by hand
beside each assertion."""
from __future__ import annotations

def dossier(code, month, on_time=0, late=0, received=None, online=0, pending_in_time=0, pending_overdue=0):
    received = on_time + late + pending_in_time + pending_overdue if received is None else received
    return {"agency_code": code, "month": month, "received": received, "received_online": online,
            "resolved_on_time": on_time, "resolved_late": late,
            "pending_in_time": pending_in_time, "pending_overdue": pending_overdue}


def document(code, month, sent=0, received=0, signed=0, connected=1):
    return {"agency_code": code, "month": month, "sent": sent, "received": received,
            "sent_signed": signed, "connected": connected}


def service(code, month, procedures=0, online=0, full=0, portal=0, synced=0, submitted=0):
    return {"agency_code": code, "month": month, "procedures": procedures, "services_online": online,
            "services_full_online": full, "services_on_portal": portal,
            "dossiers_synced": synced, "dossiers_online": submitted}


def task(task_id, code, assigned, due, completed=None, title=None):
    return {"task_id": task_id, "agency_code": code, "title": title or f"Nhiệm vụ {task_id}",
            "assigned_on": assigned, "assigned_month": f"{assigned:%Y-%m}", "due_on": due,
            "completed_on": completed}
