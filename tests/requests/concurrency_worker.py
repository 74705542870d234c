"""Run N simultaneous online submissions against a real database; print the numbers as JSON.

Used by test_concurrency.py in a subprocess (its own database: an SQLite file or a fresh
PostgreSQL database), so that the threads use real connections and real locks.
Usage: DATABASE_URL=… python concurrency_worker.py N
"""

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")


def main(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from gongkai.orgs.services import create_organization
    from gongkai.requests import services

    org = create_organization(name="柳州市公安局", code="LZGA", request_prefix="柳公信", region="CN")
    connection.close()
    barrier = threading.Barrier(n)
    numbers, errors = [], []
    lock = threading.Lock()

    def submit(i: int) -> None:
        from django.db import connection as conn

        data = {
            "applicant_type": "natural_person", "applicant_name": f"申请人{i}", "id_type": "resident_id",
            "id_number": "11010519491231002X", "phone": "13800000000", "email": "a@example.cn", "address": "柳州市",
            "description": f"第{i}件：2025年交通事故统计", "form": "electronic", "delivery": "email",
        }
        try:
            barrier.wait(timeout=60)
            result = services.submit_online(org, data, submission_key=f"key-{i}")
            with lock:
                numbers.append(result.case.number)
        except Exception as exc:  # report, do not hide
            with lock:
                errors.append(f"{i}: {exc.__class__.__name__}: {exc}")
        finally:
            conn.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from gongkai.requests.models import Case, Counter

    print(json.dumps({
        "numbers": numbers, "errors": errors, "cases": Case.objects.count(),
        "counter": Counter.objects.get(series="request").last,
        "ordinals": sorted(Case.objects.values_list("month_ordinal", flat=True)),
        "vendor": connection.vendor,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
