"""A real ONVIF client against Maskwatch's event service: onvif-zeep-async (Home Assistant's ONVIF library).

Usage: pullpoint.py HOST PORT USER PASSWORD CAMERA

Signs in with PasswordDigest, reads the device information and services, creates a PullPoint subscription the way
Home Assistant does (PullPointManager), pulls the Initialized states, then asks the test (a line on stdout,
{"wait": ...}, answered by a line on stdin) to open and close a no_mask event of CAMERA, pulling the Changed states
after each; renews, sets a synchronization point, unsubscribes, and tries a wrong password. Progress goes to stderr;
the last stdout line is one JSON object of everything observed, for the Java test to check. Exit 0 unless the
script itself broke.
"""

import asyncio
import datetime as dt
import json
import sys

from onvif import ONVIFCamera
from zeep.exceptions import Fault

def wait(step):
    print(json.dumps({"wait": step}), flush=True)
    line = sys.stdin.readline()
    if line.strip() != "ok":
        raise SystemExit(f"the test did not confirm {step}: {line!r}")


def messages(response):
    """The notifications as Home Assistant's ONVIF parsers read them: zeep objects typed by the ONVIF schema."""
    out = []
    for m in response.NotificationMessage or []:
        msg = m.Message._value_1
        items = {}
        for section in (msg.Source, msg.Data):
            for item in (section.SimpleItem if section is not None else None) or []:
                items[item.Name] = item.Value
        out.append({
            "topic": m.Topic._value_1,
            "dialect": m.Topic.Dialect,
            "operation": msg.PropertyOperation,
            "utc_time": msg.UtcTime.isoformat().replace("+00:00", "Z"),
            "camera": items.get("VideoSource"),
            "rule": items.get("Rule"),
            "state": items.get("State"),
        })
    return out


async def pull_until(pullpoint, predicate, tries=10):
    seen = []
    for _ in range(tries):
        r = await pullpoint.PullMessages({"MessageLimit": 100, "Timeout": dt.timedelta(seconds=5)})
        seen.extend(messages(r))
        if predicate(seen):
            break
    return seen


def fault_text(err):
    return {"message": str(err.message), "code": str(err.code), "subcodes": [str(s) for s in (err.subcodes or [])]}


async def main(host, port, user, password, camera):
    out = {}
    cam = ONVIFCamera(host, port, user, password, no_cache=True, adjust_time=True)
    try:
        await cam.update_xaddrs()  # authless GetSystemDateAndTime, then GetServices with the digest
        out["xaddrs"] = dict(cam.xaddrs)
        devicemgmt = await cam.create_devicemgmt_service()
        info = await devicemgmt.GetDeviceInformation()
        out["device"] = {k: getattr(info, k) for k in ("Manufacturer", "Model", "FirmwareVersion", "SerialNumber", "HardwareId")}
        caps = await cam.get_capabilities()  # GetCapabilities
        out["capabilities"] = {"events_xaddr": caps["Events"]["XAddr"], "pullpoint": caps["Events"]["WSPullPointSupport"],
                               "media": caps.get("Media")}
        events = await cam.create_events_service()
        sc = await events.GetServiceCapabilities()
        out["service_capabilities"] = {"pullpoint": sc.WSPullPointSupport, "max_pull_points": sc.MaxPullPoints}
        props = await events.GetEventProperties()
        out["fixed_topic_set"] = props.FixedTopicSet
        out["topic_set"] = [el.tag for el in props.TopicSet._value_1]

        manager = await cam.create_pullpoint_manager(dt.timedelta(seconds=120), lambda: None)
        pullpoint = manager.get_service()
        out["subscription_address"] = cam.xaddrs["http://www.onvif.org/ver10/events/wsdl/PullPointSubscription"]
        out["initialized"] = await pull_until(pullpoint, lambda s: len(s) > 0, tries=1)

        wait("start")
        out["changed_true"] = await pull_until(pullpoint, lambda s: any(m["camera"] == camera for m in s))
        wait("end")
        out["changed_false"] = await pull_until(pullpoint, lambda s: any(m["camera"] == camera for m in s))

        subscription = await cam.create_subscription_service("PullPointSubscription")
        renewed = await subscription.Renew(cam.get_next_termination_time(dt.timedelta(seconds=300)))
        out["renew_seconds"] = (renewed.TerminationTime - renewed.CurrentTime).total_seconds()
        await pullpoint.SetSynchronizationPoint()
        out["synchronized"] = await pull_until(pullpoint, lambda s: len(s) > 0, tries=1)
        await subscription.Unsubscribe()
        manager.pause()
        try:
            await pullpoint.PullMessages({"MessageLimit": 1, "Timeout": dt.timedelta(seconds=1)})
            out["pull_after_unsubscribe"] = "answered"
        except Fault as err:
            out["pull_after_unsubscribe"] = fault_text(err)
    finally:
        await cam.close()

    wrong = ONVIFCamera(host, port, user, password + "-wrong", no_cache=True)
    try:
        devicemgmt = await wrong.create_devicemgmt_service()
        try:
            await devicemgmt.GetDeviceInformation()
            out["wrong_password"] = "answered"
        except Fault as err:
            out["wrong_password"] = fault_text(err)
        # GetSystemDateAndTime needs no sign-in, as ONVIF requires
        t = await devicemgmt.GetSystemDateAndTime()
        out["unauthenticated_time_year"] = t.UTCDateTime.Date.Year
    finally:
        await wrong.close()
    print(json.dumps(out, default=str), flush=True)


if __name__ == "__main__":
    h, p, u, pw, c = sys.argv[1:6]
    asyncio.run(main(h, int(p), u, pw, c))
