#!/usr/bin/env python3
# mkmanifest-ntfs.py - write reference-ntfs.json, the manifest of the reference case's disk
# (corpus/scenario/FACTS.md) for corpus/mkntfsimg. The JSON is committed next to this
# script; regenerate it after a change with
#     python3 corpus/scenario/mkmanifest-ntfs.py > corpus/scenario/reference-ntfs.json
# Deterministic: the same JSON on every run. Times of the noise follow the event logs of
# corpus/scenario/mkscenario.py (Sysmon 1/11/23 of the same files), so disk and logs agree.
import json
import sys

SYSTEM32 = """
aclui.dll activeds.dll actxprxy.dll advapi32.dll advpack.dll apphelp.dll appmgmts.dll atl.dll
atl110.dll audiosrv.dll authui.dll authz.dll avrt.dll basesrv.dll bcrypt.dll
bcryptprimitives.dll bitsperf.dll browcli.dll cabinet.dll cfgmgr32.dll clbcatq.dll clusapi.dll
cmd.exe combase.dll comctl32.dll comdlg32.dll conhost.exe coml2.dll credui.dll crypt32.dll
cryptbase.dll cryptdll.dll cryptnet.dll cryptsp.dll cryptsvc.dll cscapi.dll d2d1.dll d3d10.dll
d3d11.dll d3d12.dll d3d9.dll davclnt.dll dbgeng.dll dbghelp.dll dcomp.dll ddraw.dll devobj.dll
dhcpcore.dll dhcpcore6.dll dinput8.dll dllhost.exe dnsapi.dll dnscmmc.dll dpapi.dll dsound.dll
dsrole.dll dwmapi.dll dwrite.dll dxgi.dll eappcfg.dll efswrt.dll els.dll esent.dll eventvwr.exe
evr.dll explorerframe.dll fdeploy.dll feclient.dll fltlib.dll fontsub.dll fwpuclnt.dll gdi32.dll
gdi32full.dll gdiplus.dll glu32.dll gpapi.dll hid.dll hnetcfg.dll httpapi.dll icmp.dll
ieframe.dll iertutil.dll imagehlp.dll imm32.dll inetcomm.dll iphlpapi.dll kerberos.dll
kernel32.dll kernelbase.dll ksuser.dll ktmw32.dll logoncli.dll lsass.exe lsasrv.dll mfc42.dll
mfplat.dll mlang.dll mmdevapi.dll mpr.dll msacm32.dll msasn1.dll mscms.dll msctf.dll msdart.dll
msftedit.dll msi.dll msiexec.exe msimg32.dll msv1_0.dll msvcp_win.dll msvcp110_win.dll
msvcrt.dll mswsock.dll msxml3.dll msxml6.dll mtxclu.dll ncrypt.dll netapi32.dll netjoin.dll
netutils.dll newdev.dll normaliz.dll notepad.exe nsi.dll ntasn1.dll ntdll.dll ntdsapi.dll
ntlanman.dll ntmarta.dll ntshrui.dll ole32.dll oleacc.dll oleaut32.dll olecli32.dll oledlg.dll
opengl32.dll pcwum.dll pdh.dll PING.EXE powrprof.dll profapi.dll propsys.dll psapi.dll
puiapi.dll quartz.dll rasapi32.dll rasman.dll reg.exe regapi.dll regedt32.exe resutils.dll
riched20.dll rpcrt4.dll rsaenh.dll rstrtmgr.dll rundll32.exe samcli.dll samlib.dll samsrv.dll
sas.dll sc.exe scecli.dll schannel.dll schtasks.exe sechost.dll secur32.dll sensapi.dll
services.exe setupapi.dll sfc.dll sfc_os.dll shcore.dll shell32.dll shfolder.dll shlwapi.dll
slc.dll smss.exe spoolsv.exe sppc.dll srvcli.dll sspicli.dll sti.dll svchost.exe sxs.dll
sysdm.cpl systeminfo.exe taskhostw.exe taskkill.exe tasklist.exe tdh.dll twinapi.dll
ucrtbase.dll umpdc.dll urlmon.dll user32.dll userenv.dll usp10.dll uxtheme.dll vaultcli.dll
version.dll wbemcomn.dll wdi.dll webio.dll wer.dll wevtapi.dll wevtsvc.dll whoami.exe win32u.dll
winbrand.dll windows.storage.dll winhttp.dll wininet.dll winlogon.exe winmm.dll winnsi.dll
winspool.drv winsta.dll wintrust.dll wkscli.dll wlanapi.dll wldap32.dll wmiclnt.dll wow64.dll
wow64cpu.dll wow64win.dll ws2_32.dll wscapi.dll wsock32.dll wtsapi32.dll xmllite.dll xcopy.exe
wuapi.dll wuaueng.dll usoclient.exe wscript.exe cscript.exe vssadmin.exe wbadmin.exe net.exe
net1.exe netsh.exe nslookup.exe ipconfig.exe arp.exe route.exe tracert.exe hostname.exe find.exe
findstr.exe more.com sort.exe attrib.exe cacls.exe icacls.exe takeown.exe bcdedit.exe
bootcfg.exe chkdsk.exe cleanmgr.exe diskpart.exe defrag.exe fsutil.exe format.com label.exe
mountvol.exe vssvc.exe wevtutil.exe auditpol.exe gpupdate.exe gpresult.exe certutil.exe
bitsadmin.exe mshta.exe msra.exe mstsc.exe mmc.exe compmgmt.msc devmgmt.msc diskmgmt.msc
eventvwr.msc services.msc taskschd.msc lusrmgr.msc perfmon.exe resmon.exe taskmgr.exe winver.exe
calc.exe mspaint.exe write.exe charmap.exe magnify.exe narrator.exe osk.exe sndvol.exe
control.exe cmmon32.exe dxdiag.exe msinfo32.exe msconfig.exe regsvr32.exe wmic.exe forfiles.exe
timeout.exe choice.exe where.exe clip.exe expand.exe extrac32.exe makecab.exe compact.exe
cipher.exe runas.exe shutdown.exe logoff.exe query.exe quser.exe qwinsta.exe rwinsta.exe
tscon.exe tsdiscon.exe msg.exe dism.exe pnputil.exe driverquery.exe wusa.exe sfc.exe lodctr.exe
unlodctr.exe typeperf.exe logman.exe relog.exe tracerpt.exe wecutil.exe winrm.cmd winrs.exe
wsmprovhost.exe SearchIndexer.exe SearchProtocolHost.exe SearchFilterHost.exe sihost.exe
ctfmon.exe fontdrvhost.exe dwm.exe csrss.exe wininit.exe lsaiso.exe smartscreen.exe
RuntimeBroker.exe backgroundTaskHost.exe consent.exe upfc.exe sppsvc.exe MusNotification.exe
wermgr.exe WerFault.exe CompatTelRunner.exe MpCmdRun.exe userinit.exe LogonUI.exe mobsync.exe
SettingSyncHost.exe ApplicationFrameHost.exe dasHost.exe
""".split()
PE = sorted(set(n for n in SYSTEM32 if n.rsplit('.', 1)[1].lower() in ('dll', 'exe', 'drv', 'cpl', 'com')),
            key=SYSTEM32.index)
MSC = [n for n in SYSTEM32 if n.endswith('.msc')]
CMDF = [n for n in SYSTEM32 if n.endswith('.cmd')]
MUI = [n + '.mui' for n in PE if n.lower().endswith(('.dll', '.exe'))][:180]
DRIVERS = "acpi.sys afd.sys ahcache.sys amdsata.sys atapi.sys beep.sys bowser.sys cdfs.sys cdrom.sys cht4vx64.sys classpnp.sys cng.sys condrv.sys crashdmp.sys dfsc.sys disk.sys dxgkrnl.sys dxgmms2.sys e1i63x64.sys fastfat.sys fileinfo.sys fltmgr.sys fvevol.sys hdaudbus.sys hidclass.sys hidparse.sys hidusb.sys http.sys i8042prt.sys iastorv.sys intelppm.sys kbdclass.sys kbdhid.sys ks.sys ksecdd.sys ksecpkg.sys lltdio.sys luafv.sys mouclass.sys mouhid.sys mountmgr.sys mpsdrv.sys mrxdav.sys mrxsmb.sys mrxsmb20.sys msfs.sys msisadrv.sys mup.sys ndis.sys ndisuio.sys netbios.sys netbt.sys npfs.sys npsvctrig.sys nsiproxy.sys ntfs.sys null.sys partmgr.sys pci.sys pcw.sys pdc.sys peauth.sys portcls.sys rdbss.sys rdyboost.sys rspndr.sys spaceport.sys srv2.sys srvnet.sys stornvme.sys storport.sys tcpip.sys tdx.sys tm.sys usbccgp.sys usbehci.sys usbhub.sys usbport.sys usbxhci.sys vdrvroot.sys volmgr.sys volmgrx.sys volsnap.sys volume.sys vwififlt.sys wanarp.sys wd.sys wdf01000.sys wfplwfs.sys wimmount.sys wmiacpi.sys wof.sys ws2ifsl.sys".split()
FONTS = "arial.ttf arialbd.ttf arialbi.ttf ariali.ttf ariblk.ttf bahnschrift.ttf calibri.ttf calibrib.ttf calibrii.ttf calibril.ttf calibriz.ttf cambria.ttc cambriab.ttf candara.ttf comic.ttf comicbd.ttf consola.ttf consolab.ttf constan.ttf corbel.ttf cour.ttf courbd.ttf ebrima.ttf framd.ttf gabriola.ttf georgia.ttf georgiab.ttf impact.ttf lucon.ttf malgun.ttf marlett.ttf micross.ttf mingliub.ttc msgothic.ttc msyh.ttc pala.ttf segoeui.ttf segoeuib.ttf segoeuii.ttf segoeuil.ttf segoeuisl.ttf seguiemj.ttf seguisym.ttf simsun.ttc sylfaen.ttf symbol.ttf tahoma.ttf tahomabd.ttf times.ttf timesbd.ttf trebuc.ttf verdana.ttf verdanab.ttf webdings.ttf wingding.ttf".split()
INF = "acpi.inf battery.inf c_display.inf c_net.inf c_volume.inf cpu.inf disk.inf display.inf hdaudbus.inf hdaudio.inf input.inf keyboard.inf machine.inf mdmgen.inf monitor.inf msmouse.inf netrndis.inf nettcpip.inf pci.inf printqueue.inf scsidev.inf setupapi.dev.log setupapi.app.log stornvme.inf swenum.inf usb.inf usbport.inf usbstor.inf volume.inf wdmaudio.inf".split()
SEVENZIP_LANG = "af an ar ast az ba be bg bn br ca co cs cy da de el en eo es et eu ext fa fi fr fur fy ga gl gu he hi hr hu hy id io is it ja ka kaa kab kk ko ku ku-ckb ky lij lt lv mk mn mng mng2 mr ms nb ne nl nn pa-in pl ps pt pt-br ro ru sa si sk sl sq sr-spc sr-spl sv sw ta tg th tk tr tt ug uk uz uz-cyrl va vi yo zh-cn zh-tw".split()
EDGE = ["msedge.exe","msedge.dll","msedge_elf.dll","msedge_proxy.exe","identity_helper.exe","pwahelper.exe","notification_helper.exe","cookie_exporter.exe","elevation_service.exe","msedgewebview2.exe","resources.pak","icudtl.dat","v8_context_snapshot.bin","libEGL.dll","libGLESv2.dll","vk_swiftshader.dll","vulkan-1.dll","d3dcompiler_47.dll","mojo_core.dll","wns_push_client.dll"]
EDGE_LOCALES = "af am ar bg bn-IN bs ca ca-Es-VALENCIA cs cy da de el en-GB en-US es es-419 et eu fa fi fil fr fr-CA ga gd gl gu he hi hr hu id is it ja ka kk km kn ko kok lb lo lt lv mi mk ml mr ms mt nb ne nl nn or pa pl pt-BR pt-PT qu ro ru sk sl sq sr-Cyrl-BA sr-Cyrl-RS sr-Latn-RS sv ta te th tr tt ug uk ur vi zh-CN zh-TW".split()
DEFENDER = ["MpCmdRun.exe","MsMpEng.exe","MpClient.dll","MpSvc.dll","MpRtp.dll","mpoav.dll","MpAsDesc.dll","NisSrv.exe","ConfigSecurityPolicy.exe","MpCopyAccelerator.exe","MpDlpCmd.exe","MpDlpService.exe","MsMpLics.dll","ProtectionManagement.dll","mpextms.exe","endpointdlp.dll","shellext.dll","AMMonitoringProvider.dll","DefenderCSP.dll","MpUxAgent.dll"]
DOCS = ["Q1 budget review.xlsx","Q2 budget draft.xlsx","vendor contacts.docx","travel expenses 2023.xlsx","meeting notes 2024-02-05.docx","meeting notes 2024-02-19.docx","meeting notes 2024-03-04.docx","invoice_template.docx","project plan.mpp","org chart.pdf","onboarding checklist.docx","IT policy.pdf","password policy.pdf","benefits 2024.pdf","quarterly report draft.docx","customer list.xlsx","pricing sheet.xlsx","contract renewal.docx","NDA template.docx","presentation - roadmap.pptx"]


E = []


def d(path, created, **times):
    """A directory with explicit times."""
    e = {"path": path, "type": "dir", "times": dict(created=created, **times)}
    E.append(e)
    return e


def f(path, times, **kw):
    """A file; times is {"created": ...} (+ modified/accessed/changed)."""
    e = {"path": path, "times": times}
    e.update(kw)
    E.append(e)
    return e


def bulk(**kw):
    E.append({"bulk": kw})


def ms(t0, k):
    """t0 ("...SS.fffffffZ" with 7 digits) plus k milliseconds, as the same format."""
    date, clock = t0[:-1].split("T")
    h, m, s = clock.split(":")
    total = ((int(h) * 60 + int(m)) * 60) * 10**7 + int(s.replace(".", "")) + k * 10**4
    assert total < 86400 * 10**7
    sec, frac = divmod(total, 10**7)
    return "%sT%02d:%02d:%02d.%07dZ" % (date, sec // 3600, sec // 60 % 60, sec % 60, frac)


# ---- Windows (installed 2023-09-14; files keep the build's modification date) ----------
INSTALL = "2023-09-14T08:21:07.3312450Z"
BUILD = "2023-08-09T06:18:44.0000000Z"
for p in ["Windows", "Windows/System32", "Windows/System32/drivers", "Windows/System32/en-US",
          "Windows/System32/wbem", "Windows/System32/WindowsPowerShell",
          "Windows/System32/WindowsPowerShell/v1.0", "Windows/System32/winevt",
          "Windows/System32/winevt/Logs", "Windows/System32/config", "Windows/System32/Tasks",
          "Windows/SysWOW64", "Windows/WinSxS", "Windows/WinSxS/Manifests", "Windows/servicing",
          "Windows/servicing/Packages", "Windows/INF", "Windows/Fonts", "Windows/Prefetch",
          "Windows/Temp", "Windows/Logs", "Windows/Logs/CBS", "Program Files",
          "Program Files/Common Files", "Program Files/Windows Defender", "Program Files (x86)",
          "Program Files (x86)/Microsoft", "Program Files (x86)/Microsoft/Edge",
          "Program Files (x86)/Microsoft/Edge/Application", "ProgramData", "ProgramData/Microsoft",
          "ProgramData/Microsoft/Windows", "ProgramData/Microsoft/Windows/Start Menu",
          "ProgramData/Microsoft/Windows/Start Menu/Programs",
          "ProgramData/Microsoft/Windows Defender", "ProgramData/Microsoft/Windows Defender/Platform",
          "Users", "Users/Public", "Users/Public/Documents", "Users/Public/Desktop", "Users/Default",
          "Users/Default/AppData", "Users/Default/AppData/Local", "Users/Default/AppData/Roaming"]:
    d(p, INSTALL)
bulk(dir="Windows/System32", names=PE, size_min=4096, size_max=163840, seed=101,
     created="2023-09-14T08:23:10.0000000Z", step_ticks=1371235, modified=BUILD, prefix="MZ")
bulk(dir="Windows/System32", names=MSC, size_min=40000, size_max=150000, seed=102,
     created="2023-09-14T08:24:05.0000000Z", step_ticks=413377, modified=BUILD,
     prefix="<?xml version=\"1.0\"?>\r\n<MMC_ConsoleFile ConsoleVersion=\"3.0\">")
bulk(dir="Windows/System32", names=CMDF, size_min=1000, size_max=3000, seed=103,
     created="2023-09-14T08:24:09.0000000Z", modified=BUILD, prefix="@echo off\r\n")
bulk(dir="Windows/System32/en-US", names=MUI, size_min=2048, size_max=40960, seed=104,
     created="2023-09-14T08:25:00.0000000Z", step_ticks=913411, modified=BUILD, prefix="MZ")
bulk(dir="Windows/System32/drivers", names=DRIVERS, size_min=8192, size_max=131072, seed=105,
     created="2023-09-14T08:22:30.0000000Z", step_ticks=2113401, modified=BUILD, prefix="MZ")
bulk(dir="Windows/System32/wbem", names=["WmiPrvSE.exe", "WmiApSrv.exe", "wbemcore.dll", "wbemess.dll",
                                         "wbemprox.dll", "wmiutils.dll", "fastprox.dll", "cimwin32.dll",
                                         "mofcomp.exe", "unsecapp.exe", "Repository.log"],
     size_min=20000, size_max=600000, seed=116, created="2023-09-14T08:26:10.0000000Z",
     step_ticks=310001, modified=BUILD, prefix="MZ")
bulk(dir="Windows/System32/WindowsPowerShell/v1.0",
     names=["powershell.exe", "powershell_ise.exe", "PowerShell.Format.ps1xml", "types.ps1xml",
            "Certificate.format.ps1xml", "Registry.format.ps1xml", "pwrshmsg.dll", "pwrshsip.dll"],
     size_min=20000, size_max=450000, seed=117, created="2023-09-14T08:26:20.0000000Z",
     step_ticks=210001, modified=BUILD, prefix="MZ")
f("Windows/explorer.exe", {"created": "2023-09-14T08:22:01.1170000Z", "modified": BUILD},
  fill={"size": 4916712, "seed": 118, "prefix": "MZ"})
f("Windows/regedit.exe", {"created": "2023-09-14T08:22:01.2010000Z", "modified": BUILD},
  fill={"size": 358400, "seed": 119, "prefix": "MZ"})
bulk(dir="Windows/SysWOW64", names=[n for n in PE if n.endswith('.dll')][:140], size_min=4096,
     size_max=98304, seed=106, created="2023-09-14T08:27:00.0000000Z", step_ticks=1193047,
     modified=BUILD, prefix="MZ")
bulk(dir="Windows/WinSxS/Manifests",
     pattern="amd64_microsoft-windows-c%05u_31bf3856ad364e35_10.0.19041.3636_none.manifest",
     count=3000, size_min=700, size_max=3500, seed=107, created="2023-09-14T08:29:00.0000000Z",
     step_ticks=311113, modified=BUILD)
bulk(dir="Windows/servicing/Packages",
     pattern="Package_%u_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.2.mum", count=420,
     size_min=1200, size_max=6000, seed=108, created="2024-01-10T03:14:22.0000000Z",
     step_ticks=571231, modified="2024-01-04T11:02:10.0000000Z",
     prefix="<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n"
            "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v3\"")
bulk(dir="Windows/INF", names=INF, size_min=1500, size_max=60000, seed=109,
     created="2023-09-14T08:35:00.0000000Z", step_ticks=1530012, modified=BUILD)
bulk(dir="Windows/INF", pattern="oem%u.inf", count=48, size_min=2000, size_max=30000, seed=110,
     created="2023-09-14T09:02:00.0000000Z", step_ticks=8130017, modified="2023-07-20T00:00:00.0000000Z")
bulk(dir="Windows/Fonts", names=FONTS, size_min=30000, size_max=250000, seed=111,
     created="2023-09-14T08:37:00.0000000Z", step_ticks=730001, modified=BUILD)
bulk(dir="Windows/Logs/CBS", pattern="CbsPersist_2024%04u.log", count=24, size_min=20000,
     size_max=200000, seed=112, created="2023-10-02T03:00:00.0000000Z",
     step_ticks=3600 * 10**7 * 24, modified="2024-03-10T03:10:00.0000000Z")
bulk(dir="Program Files/Windows Defender", names=DEFENDER, size_min=20000, size_max=300000, seed=113,
     created="2023-09-14T08:40:00.0000000Z", step_ticks=511001, modified="2024-02-20T05:12:00.0000000Z",
     prefix="MZ")
DEFP = "ProgramData/Microsoft/Windows Defender/Platform/4.18.24020.7-0"
d(DEFP, "2024-03-05T02:11:40.5000000Z")
bulk(dir=DEFP, names=["MpCmdRun.exe", "MsMpEng.exe", "NisSrv.exe", "MpClient.dll", "MpSvc.dll",
                      "MpRtp.dll", "mpoav.dll", "MpAsDesc.dll",
                      "ConfigSecurityPolicy.exe", "MpDlpCmd.exe"],
     size_min=40000, size_max=900000, seed=120, created="2024-03-05T02:11:41.0000000Z",
     step_ticks=230011, modified="2024-02-27T19:04:00.0000000Z", prefix="MZ")
EV = "Program Files (x86)/Microsoft/Edge/Application/122.0.2365.80"
d(EV, "2024-03-08T22:41:02.0000000Z")
d(EV + "/Locales", "2024-03-08T22:41:02.1000000Z")
bulk(dir=EV, names=EDGE, size_min=50000, size_max=400000, seed=114, created="2024-03-08T22:41:03.0000000Z",
     step_ticks=1300107, modified="2024-03-07T18:00:00.0000000Z", prefix="MZ")
bulk(dir=EV + "/Locales", names=[x + ".pak" for x in EDGE_LOCALES], size_min=100000, size_max=300000,
     seed=115, created="2024-03-08T22:41:06.0000000Z", step_ticks=151007,
     modified="2024-03-07T18:00:00.0000000Z")

# ---- Microsoft Office and Teams (their processes are in the logs) ----------------------
OFF = "Program Files/Microsoft Office/root/Office16"
for p, t in [("Program Files/Microsoft Office", "2023-09-19T10:02:11.0000000Z"),
             ("Program Files/Microsoft Office/root", "2023-09-19T10:02:11.1000000Z"),
             (OFF, "2023-09-19T10:02:11.2000000Z")]:
    d(p, t)
bulk(dir=OFF, names=["WINWORD.EXE", "OUTLOOK.EXE", "EXCEL.EXE", "POWERPNT.EXE", "ONENOTE.EXE",
                     "MSACCESS.EXE", "wwlib.dll", "OUTLMIME.DLL", "mso.dll", "mso20win32client.dll",
                     "mso30win32client.dll", "mso40uiwin32client.dll", "mso98win32client.dll",
                     "OLMAPI32.DLL", "EMSMDB32.DLL", "MSOHEV.DLL", "OSPPREARM.EXE"],
     size_min=200000, size_max=1500000, seed=121, created="2023-09-19T10:02:12.0000000Z",
     step_ticks=2500003, modified="2024-02-13T08:00:00.0000000Z", prefix="MZ")

# ---- users ------------------------------------------------------------------------------
JDOE = "2023-09-18T07:55:10.2210000Z"
for p in ["Users/jdoe", "Users/jdoe/Desktop", "Users/jdoe/Documents", "Users/jdoe/Downloads",
          "Users/jdoe/AppData", "Users/jdoe/AppData/Local", "Users/jdoe/AppData/Local/Temp",
          "Users/jdoe/AppData/Local/Microsoft", "Users/jdoe/AppData/Roaming",
          "Users/jdoe/AppData/Roaming/Microsoft", "Users/jdoe/AppData/Roaming/Microsoft/Windows",
          "Users/jdoe/AppData/Roaming/Microsoft/Windows/Recent", "Users/jdoe/AppData/LocalLow"]:
    d(p, JDOE)
ADM = "2023-09-14T09:30:12.0410000Z"
for p in ["Users/adm-mkeller", "Users/adm-mkeller/Desktop", "Users/adm-mkeller/Documents",
          "Users/adm-mkeller/AppData", "Users/adm-mkeller/AppData/Local", "Users/adm-mkeller/AppData/Roaming"]:
    d(p, ADM)
f("Users/jdoe/Desktop/desktop.ini", {"created": "2023-09-18T07:55:11.0030000Z"},
  text="\r\n[.ShellClassInfo]\r\nLocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-21769\r\n"
       "IconResource=%SystemRoot%\\system32\\imageres.dll,-183\r\n", attributes=["hidden", "system"])
f("Users/jdoe/Documents/desktop.ini", {"created": "2023-09-18T07:55:11.0050000Z"},
  text="\r\n[.ShellClassInfo]\r\nLocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-21770\r\n"
       "IconResource=%SystemRoot%\\system32\\imageres.dll,-112\r\nIconFile=%SystemRoot%\\system32\\shell32.dll\r\n"
       "IconIndex=-235\r\n", attributes=["hidden", "system"])
bulk(dir="Users/jdoe/Documents", names=DOCS, size_min=12000, size_max=900000, seed=201,
     created="2023-10-02T09:12:00.0000000Z", step_ticks=5 * 86400 * 10**7,
     modified="2024-03-08T16:30:00.0000000Z", prefix="PK\u0003\u0004")
TEAMS = "Users/jdoe/AppData/Local/Microsoft/Teams"
for p in [TEAMS, TEAMS + "/current"]:
    d(p, "2023-09-18T08:20:31.0000000Z")
bulk(dir=TEAMS + "/current", names=["Teams.exe", "ffmpeg.dll", "libEGL.dll", "libGLESv2.dll",
                                    "resources.pak", "icudtl.dat", "snapshot_blob.bin", "v8_context_snapshot.bin"],
     size_min=100000, size_max=900000, seed=122, created="2024-02-28T11:05:10.0000000Z",
     step_ticks=410003, modified="2024-02-20T00:00:00.0000000Z", prefix="MZ")

# ---- Google Chrome and Google Update ------------------------------------------------------
GU = "2023-10-05T12:41:33.8120000Z"
CH = "Program Files/Google/Chrome/Application"
for p in ["Program Files (x86)/Google", "Program Files (x86)/Google/Update",
          "Program Files (x86)/Google/Update/1.3.36.372", "Program Files (x86)/Google/Update/Install",
          "Program Files/Google", "Program Files/Google/Chrome", CH]:
    d(p, GU)
f("Program Files (x86)/Google/Update/GoogleUpdate.exe", {"created": GU, "modified": "2023-09-27T20:11:00.0000000Z"},
  fill={"size": 158760, "seed": 401, "prefix": "MZ"})
bulk(dir="Program Files (x86)/Google/Update/1.3.36.372",
     names=["GoogleUpdate.exe", "GoogleCrashHandler.exe", "GoogleCrashHandler64.exe", "GoogleUpdateBroker.exe",
            "GoogleUpdateComRegisterShell64.exe", "GoogleUpdateCore.exe", "GoogleUpdateOnDemand.exe",
            "GoogleUpdateSetup.exe", "goopdate.dll", "goopdateres_en.dll", "npGoogleUpdate3.dll",
            "psmachine.dll", "psmachine_64.dll", "psuser.dll", "psuser_64.dll"],
     size_min=20000, size_max=400000, seed=402, created="2024-02-14T11:00:04.0000000Z", step_ticks=210000,
     modified="2024-02-01T00:00:00.0000000Z", prefix="MZ")
# chrome.exe of 122.0.6261.112, replaced by the update of 2024-03-12 09:17Z (run 33 of GoogleUpdate)
f(CH + "/chrome.exe", {"created": "2024-02-29T09:17:20.0000000Z", "modified": "2024-02-27T00:00:00.0000000Z"},
  fill={"size": 3041560, "seed": 403, "prefix": "MZ"}, deleted="2024-03-12T09:17:22.0000000Z", usn=True)
d(CH + "/122.0.6261.112", "2024-02-29T09:17:19.0000000Z")
bulk(dir=CH + "/122.0.6261.112", names=["chrome.dll", "chrome_elf.dll", "chrome_100_percent.pak",
                                        "resources.pak", "icudtl.dat", "v8_context_snapshot.bin"],
     size_min=200000, size_max=900000, seed=404, created="2024-02-29T09:17:19.1000000Z", step_ticks=300000,
     modified="2024-02-27T00:00:00.0000000Z", prefix="MZ")
GI = "Program Files (x86)/Google/Update/Install/{8E9EC96E-816B-BD67-F837-9F9C97A06450}"
d(GI, "2024-03-12T09:17:11.9000000Z", modified="2024-03-12T09:17:52.0000000Z").update(usn=True)
f(GI + "/122.0.6261.129_chrome_installer.exe",
  {"created": "2024-03-12T09:17:12.0000000Z", "modified": "2024-03-12T09:17:12.6000000Z"},
  fill={"size": 1893376, "seed": 405, "prefix": "MZ"}, deleted="2024-03-12T09:17:52.0000000Z", usn=True)
d(GI + "/CR_F1A2B.tmp", "2024-03-12T09:17:14.2000000Z").update(usn=True)
f(GI + "/CR_F1A2B.tmp/CHROME.PACKED.7Z",
  {"created": "2024-03-12T09:17:14.3000000Z", "modified": "2024-03-12T09:17:16.9000000Z"},
  fill={"size": 2621440, "seed": 406, "prefix": "7z\u00bc\u00af\u0027\u001c"},
  deleted="2024-03-12T09:17:47.5000000Z", usn=True)
d(CH + "/122.0.6261.129", "2024-03-12T09:17:18.0000000Z").update(usn=True)
bulk(dir=CH + "/122.0.6261.129", names=["chrome.dll", "chrome_elf.dll", "chrome_100_percent.pak",
                                        "resources.pak", "icudtl.dat", "v8_context_snapshot.bin"],
     size_min=200000, size_max=900000, seed=407, created="2024-03-12T09:17:18.1000000Z", step_ticks=300000,
     modified="2024-03-11T00:00:00.0000000Z", prefix="MZ", usn=True)
f(CH + "/chrome.exe", {"created": "2024-03-12T09:17:22.0000000Z", "modified": "2024-03-12T09:17:22.4000000Z"},
  fill={"size": 3042072, "seed": 408, "prefix": "MZ"}, usn=True)
CC = "Users/jdoe/AppData/Local/Google/Chrome/User Data/Default/Cache/Cache_Data"
p = "Users/jdoe/AppData/Local"
for part in ["Google", "Chrome", "User Data", "Default", "Cache", "Cache_Data"]:
    p += "/" + part
    d(p, "2023-10-05T12:43:10.0000000Z")
bulk(dir=CC, pattern="f_%06x", count=420, size_min=300, size_max=60000, seed=202,
     created="2024-03-11T08:05:00.0000000Z", step_ticks=6 * 10**7, modified="2024-03-13T13:59:00.0000000Z",
     usn=True)

# ---- Corp IT inventory script (daily 09:30Z as SYSTEM; times from the Sysmon 11 events) --
INV = "\r\n".join([
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
d("ProgramData/CorpIT", "2023-09-20T13:02:00.0000000Z")
f("ProgramData/CorpIT/Collect-Inventory.ps1", {"created": "2023-09-20T13:02:01.4000000Z"}, text=INV)
for day, t in [(11, "2024-03-11T09:30:13.8540559Z"), (12, "2024-03-12T09:30:16.5739381Z"),
               (13, "2024-03-13T09:30:14.2047932Z")]:
    f("ProgramData/CorpIT/inventory-202403%d.json" % day, {"created": t, "modified": ms(t, 310)},
      text="{\r\n    \"Computer\":  \"FIN-WS042\",\r\n    \"OS\":  {\r\n        \"Caption\":  \"Microsoft Windows 10 "
           "Enterprise\",\r\n        \"Version\":  \"10.0.19045\",\r\n        \"BuildNumber\":  \"19045\"\r\n    }\r\n}\r\n",
      usn=True)

# ---- QuillEdit (installed 2023-11-02) ------------------------------------------------------
QE = "2023-11-02T10:22:14.5312240Z"
d("Program Files (x86)/QuillEdit", QE)
f("Program Files (x86)/QuillEdit/QEUpdate.exe",
  {"created": "2023-11-02T10:22:14.6190000Z", "modified": "2023-10-27T15:40:00.0000000Z"},
  fill={"size": 412672, "seed": 302, "prefix": "MZ"})
bulk(dir="Program Files (x86)/QuillEdit", names=["qecore.dll", "qeres.dll", "qespell.dll", "qeprint.dll",
                                                 "libcrypto-3.dll", "libssl-3.dll", "unins000.exe",
                                                 "unins000.dat", "license.txt", "readme.txt"],
     size_min=3000, size_max=900000, seed=303, created="2023-11-02T10:22:14.7000000Z", step_ticks=310000,
     modified="2023-10-27T15:40:00.0000000Z")
# QuillEdit.exe 3.2.0, replaced by the patch on 2024-03-12 (Sysmon 11 at 14:00:20.4, done 14:00:21.0)
f("Program Files (x86)/QuillEdit/QuillEdit.exe", {"created": QE, "modified": "2023-10-27T15:40:00.0000000Z"},
  fill={"size": 2318336, "seed": 301, "prefix": "MZ"}, deleted="2024-03-12T14:00:20.4000000Z", usn=True)
f("Program Files (x86)/QuillEdit/QuillEdit.exe",
  {"created": "2024-03-12T14:00:20.4000000Z", "modified": "2024-03-12T14:00:21.0000000Z"},
  fill={"size": 2330624, "seed": 304, "prefix": "MZ"}, usn=True)
d("Windows/System32/Tasks/QuillEdit", "2023-11-02T10:22:16.0100000Z")
# (the task's XML file is one of the registry artefacts below)

# ---- 7-Zip: downloaded 2024-03-11T16:40:00Z, run 16:41:12.4, extracts, installs, cleans up ----
ZID = ("[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://www.7-zip.org/download.html\r\n"
       "HostUrl=https://www.7-zip.org/a/7z2301-x64.exe\r\n")
f("Users/jdoe/Downloads/7z2301-x64.exe",
  {"created": "2024-03-11T16:40:00.0000000Z", "modified": "2024-03-11T16:40:02.8710000Z"},
  fill={"size": 1571840, "seed": 501, "prefix": "MZ"}, usn=True,
  streams=[{"name": "Zone.Identifier", "text": ZID}])
TMP7 = "Users/jdoe/AppData/Local/Temp/7zS4C1A2B"
d(TMP7, "2024-03-11T16:41:13.2000000Z").update(usn=True)
for i, (n, size) in enumerate([("7zFM.exe", 971264), ("7z.dll", 1754112), ("7z.exe", 545280),
                               ("7zG.exe", 697856), ("Uninstall.exe", 15872)]):
    t = ms("2024-03-11T16:41:13.3000000Z", 40 * i)
    e = f(TMP7 + "/" + n, {"created": t, "modified": ms(t, 30)}, fill={"size": size, "seed": 510 + i, "prefix": "MZ"},
          usn=True)
# the installer deletes the programs it extracted (Sysmon 23), the DLL stays behind
for i, n in enumerate(["7zFM.exe", "7z.exe", "7zG.exe", "Uninstall.exe"]):
    for e in E:
        if e.get("path") == TMP7 + "/" + n:
            e["deleted"] = ms("2024-03-11T16:41:19.4000000Z", 30 * i)
SZ = "2024-03-11T16:41:15.3000000Z"
d("Program Files/7-Zip", SZ).update(usn=True)
for i, (n, size) in enumerate([("7zFM.exe", 971264), ("7z.dll", 1754112), ("7z.exe", 545280),
                               ("7zG.exe", 697856), ("Uninstall.exe", 15872), ("7-zip.chm", 116893)]):
    t = ms("2024-03-11T16:41:15.4000000Z", 120 * i)
    f("Program Files/7-Zip/" + n, {"created": t, "modified": "2023-06-20T10:00:00.0000000Z",
                                   "accessed": ms(t, 40), "changed": ms(t, 40)},
      fill={"size": size, "seed": 520 + i, "prefix": "MZ" if n.endswith((".exe", ".dll")) else "ITSF"}, usn=True)
d("Program Files/7-Zip/Lang", "2024-03-11T16:41:16.1000000Z")
bulk(dir="Program Files/7-Zip", names=["7-zip.dll", "7-zip32.dll", "7z.sfx", "7zCon.sfx", "License.txt",
                                       "readme.txt", "History.txt", "descript.ion"],
     size_min=2000, size_max=300000, seed=530, created="2024-03-11T16:41:16.1500000Z", step_ticks=310000,
     modified="2023-06-20T10:00:00.0000000Z", usn=True)
bulk(dir="Program Files/7-Zip/Lang", names=[x + ".txt" for x in SEVENZIP_LANG], size_min=2000, size_max=20000,
     seed=531, created="2024-03-11T16:41:16.5000000Z", step_ticks=50000, modified="2023-06-20T10:00:00.0000000Z")

# ---- the benign QuillEdit update run (2024-03-12), then the attack (2024-03-13) -----------
QEU = "Users/jdoe/AppData/Local/Temp/QEUpd"
d(QEU, "2024-03-12T14:00:05.2000000Z").update(usn=True)
f(QEU + "/QuillEdit_patch_3.2.1.exe", {"created": "2024-03-12T14:00:05.3000000Z",
                                       "modified": "2024-03-12T14:00:05.8000000Z"},
  fill={"size": 1210368, "seed": 601, "prefix": "MZ"}, usn=True, deleted="2024-03-12T14:00:40.0000000Z")
f(QEU + "/qeupdate_helper.exe", {"created": "2024-03-13T14:02:13.2000000Z",
                                 "modified": "2024-03-13T14:02:13.9000000Z"},
  file="${PAYLOAD}", usn=True, deleted="2024-03-13T14:02:27.5000000Z")

# ---- Prefetch (Windows\Prefetch, SCCA version 30, uncompressed) ------------------------------
# Run times are the process starts of the event logs (Sysmon 1); runs before the logs' window
# are made up but plausible. Windows writes a prefetch file about 10 s after the start.
FORMAT_TIME = "2023-09-14T08:19:52.6630000Z"
SERIAL32 = "82D45B97"


def filetime(t):
    import calendar
    date, clock = t[:-1].split("T")
    y, mo, dd = (int(x) for x in date.split("-"))
    h, mi, sec = clock.split(":")
    whole, frac = (sec.split(".") + ["0"])[:2]
    secs = calendar.timegm((y, mo, dd, int(h), int(mi), int(whole)))
    return secs * 10**7 + int((frac + "0000000")[:7]) + 116444736000000000


VOLUME = "\\VOLUME{%016x-%s}" % (filetime(FORMAT_TIME), SERIAL32.lower())
DEVICE = "\\DEVICE\\HARDDISKVOLUME1"


def pf_hash(device_path):
    h = 314159
    for b in device_path.encode("utf-16-le"):
        h = (h * 37 + b) & 0xFFFFFFFF
    return h


COMMON_DLLS = ["WINDOWS\\SYSTEM32\\NTDLL.DLL", "WINDOWS\\SYSTEM32\\KERNEL32.DLL", "WINDOWS\\SYSTEM32\\KERNELBASE.DLL",
               "WINDOWS\\SYSTEM32\\LOCALE.NLS", "WINDOWS\\SYSTEM32\\ADVAPI32.DLL", "WINDOWS\\SYSTEM32\\MSVCRT.DLL",
               "WINDOWS\\SYSTEM32\\SECHOST.DLL", "WINDOWS\\SYSTEM32\\RPCRT4.DLL", "WINDOWS\\SYSTEM32\\USER32.DLL",
               "WINDOWS\\SYSTEM32\\WIN32U.DLL", "WINDOWS\\SYSTEM32\\GDI32.DLL", "WINDOWS\\SYSTEM32\\GDI32FULL.DLL",
               "WINDOWS\\SYSTEM32\\UCRTBASE.DLL", "WINDOWS\\SYSTEM32\\IMM32.DLL", "WINDOWS\\SYSTEM32\\BCRYPTPRIMITIVES.DLL"]
NET_DLLS = ["WINDOWS\\SYSTEM32\\WS2_32.DLL", "WINDOWS\\SYSTEM32\\MSWSOCK.DLL", "WINDOWS\\SYSTEM32\\WININET.DLL",
            "WINDOWS\\SYSTEM32\\WINHTTP.DLL", "WINDOWS\\SYSTEM32\\DNSAPI.DLL", "WINDOWS\\SYSTEM32\\IPHLPAPI.DLL",
            "WINDOWS\\SYSTEM32\\NSI.DLL", "WINDOWS\\SYSTEM32\\CRYPT32.DLL"]


def prefetch(exe_path, runs, run_count, extra=(), usn_updates=()):
    """exe_path: path under C:\ with backslashes; runs: start times, most recent first."""
    exe = exe_path.rsplit("\\", 1)[1].upper()
    device_path = DEVICE + "\\" + exe_path.upper()
    name = "%s-%08X.pf" % (exe, pf_hash(device_path))
    files = [VOLUME + "\\" + p for p in COMMON_DLLS + list(extra) + [exe_path.upper()]]
    dirs = sorted({f.rsplit("\\", 1)[0] for f in files} |
                  {VOLUME + "\\" + "\\".join(p.split("\\")[:i])
                   for p in COMMON_DLLS + list(extra) + [exe_path.upper()] for i in range(1, p.count("\\") + 1)})
    first = runs[-1] if run_count == len(runs) else None
    created = ms(first, 10000) if first else None
    return name, {"executable": exe, "device_path": device_path, "run_times": runs[:8], "run_count": run_count,
                  "volume_path": VOLUME, "volume_created": FORMAT_TIME, "volume_serial": SERIAL32,
                  "files": files, "directories": dirs}, created


PF = []


def pf_entry(exe_path, runs, run_count, created=None, extra=(), journal_runs=()):
    name, spec, first_created = prefetch(exe_path, runs, run_count, extra)
    created = created or first_created
    last = ms(runs[0], 10000)
    e = f("Windows/Prefetch/" + name, {"created": created, "modified": last, "accessed": last, "changed": last},
          fn={"created": created}, prefetch=spec)
    if first_created:                      # first run inside the story: journal the creation
        e["usn"] = True
    jr = []
    for t in journal_runs:                 # later runs rewrite the file
        w = ms(t, 10000)
        jr += [{"at": w, "reasons": ["DATA_TRUNCATION"]},
               {"at": w, "reasons": ["DATA_TRUNCATION", "DATA_EXTEND"]},
               {"at": w, "reasons": ["DATA_TRUNCATION", "DATA_EXTEND", "CLOSE"]}]
    if jr:
        e["journal"] = jr
    PF.append(name)


QE_RUNS = ["2024-03-13T14:00:00.5000000Z", "2024-03-12T14:00:00.5000000Z", "2024-03-06T14:00:00.6120000Z",
           "2024-03-05T14:00:00.5410000Z", "2024-02-28T14:00:00.5830000Z", "2024-02-27T14:00:00.4970000Z",
           "2024-02-21T14:00:00.5260000Z", "2024-02-20T14:00:00.6010000Z"]
pf_entry("PROGRAM FILES (X86)\\QUILLEDIT\\QEUPDATE.EXE", QE_RUNS, 37, created="2023-11-07T14:00:11.0230000Z",
         extra=NET_DLLS, journal_runs=QE_RUNS[1::-1])
pf_entry("USERS\\JDOE\\APPDATA\\LOCAL\\TEMP\\QEUPD\\QUILLEDIT_PATCH_3.2.1.EXE", ["2024-03-12T14:00:07.0000000Z"], 1)
pf_entry("USERS\\JDOE\\APPDATA\\LOCAL\\TEMP\\QEUPD\\QEUPDATE_HELPER.EXE", ["2024-03-13T14:02:15.6000000Z"], 1,
         extra=["WINDOWS\\SYSTEM32\\SHELL32.DLL", "WINDOWS\\SYSTEM32\\SHLWAPI.DLL"])
PS_RUNS = ["2024-03-13T14:02:17.0120000Z", "2024-03-13T09:30:06.2047932Z", "2024-03-12T09:30:08.5739381Z",
           "2024-03-11T10:16:10.7000000Z", "2024-03-11T10:15:02.3000000Z", "2024-03-11T09:30:05.8540559Z",
           "2024-03-10T09:30:07.1120934Z", "2024-03-09T09:30:05.9903117Z"]
pf_entry("WINDOWS\\SYSTEM32\\WINDOWSPOWERSHELL\\V1.0\\POWERSHELL.EXE", PS_RUNS, 212,
         created="2023-09-20T13:05:12.4400000Z",
         extra=NET_DLLS + ["WINDOWS\\SYSTEM32\\AMSI.DLL", "WINDOWS\\SYSTEM32\\CLBCATQ.DLL"],
         journal_runs=PS_RUNS[5::-1])
pf_entry("WINDOWS\\SYSTEM32\\CMD.EXE", ["2024-03-13T14:02:25.2000000Z", "2024-03-07T11:42:31.2210000Z",
                                        "2024-02-26T15:03:12.8740000Z", "2024-02-12T09:55:40.1030000Z"], 14,
         created="2023-09-14T09:41:02.7730000Z", journal_runs=["2024-03-13T14:02:25.2000000Z"])
pf_entry("WINDOWS\\SYSTEM32\\PING.EXE", ["2024-03-13T14:02:25.3000000Z", "2024-01-23T10:11:05.4430000Z"], 3,
         created="2023-10-02T08:30:44.1200000Z", extra=NET_DLLS[:3], journal_runs=["2024-03-13T14:02:25.3000000Z"])
pf_entry("USERS\\JDOE\\DOWNLOADS\\7Z2301-X64.EXE", ["2024-03-11T16:41:12.4000000Z"], 1,
         extra=["WINDOWS\\SYSTEM32\\SHELL32.DLL", "WINDOWS\\SYSTEM32\\CABINET.DLL"])
GU_RUNS = ["2024-03-13T23:17:03.8582659Z", "2024-03-13T22:17:03.3912970Z", "2024-03-13T21:17:03.8272455Z",
           "2024-03-13T20:17:03.2361697Z", "2024-03-13T19:17:03.8795281Z", "2024-03-13T18:17:03.3864719Z",
           "2024-03-13T17:17:03.9700887Z", "2024-03-13T16:17:03.3031441Z"]
pf_entry("PROGRAM FILES (X86)\\GOOGLE\\UPDATE\\GOOGLEUPDATE.EXE", GU_RUNS, 3861,
         created="2023-10-05T13:17:14.0020000Z", extra=NET_DLLS)

# ---- registry hives and other Windows artefacts, from corpus/scenario/mkartefacts.sh -------
# (the build passes ARTDIR; mkregistry.py says where each goes and its NTFS times)
import os  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkregistry import IMAGE_FILES, S  # noqa: E402
d("Windows/AppCompat", "2023-09-14T09:05:10.9000000Z")
d("Windows/AppCompat/Programs", "2023-09-14T09:05:10.9100000Z")
for p in ["Users/jdoe/AppData/Roaming/Microsoft/Windows/PowerShell",
          "Users/jdoe/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine"]:
    d(p, "2023-10-04T13:21:45.1000000Z")
d("ProgramData/Microsoft/Windows/Start Menu/Programs/QuillEdit", "2023-11-02T10:22:15.8800000Z")
d("$Recycle.Bin", "2023-09-14T08:44:31.2040000Z").update(attributes=["hidden", "system"])
d("$Recycle.Bin/" + S.JDOE_SID, "2023-10-20T08:14:02.5500000Z",
  modified="2024-03-12T16:05:41.7730000Z").update(attributes=["hidden", "system"])
for path, name, created, modified in IMAGE_FILES:
    e = f(path, {"created": created, "modified": modified}, file="${ARTDIR}/" + name)
    if path.endswith("desktop.ini"):
        e["attributes"] = ["hidden", "system"]
    if S.ticks(modified) >= S.ticks("2024-03-11T00:00:00.0000000Z") and "/$I" not in path:
        # written during the journal's window: the writes are journaled
        e["journal"] = [{"at": modified, "reasons": ["DATA_OVERWRITE"]},
                        {"at": modified, "reasons": ["DATA_OVERWRITE", "CLOSE"]}]
    if "/$I" in path:                     # the Recycle Bin's index file, created at the deletion
        e["usn"] = True

# ---- the event logs, from corpus/mkevtx (the build passes LOGDIR) ---------------------------
for n, c in [("System.evtx", "2023-09-14T08:44:10.1000000Z"), ("Security.evtx", "2023-09-14T08:44:10.2000000Z"),
             ("Windows PowerShell.evtx", "2023-09-14T08:44:12.5000000Z"),
             ("Microsoft-Windows-PowerShell%4Operational.evtx", "2023-09-14T08:44:12.6000000Z"),
             ("Microsoft-Windows-Sysmon%4Operational.evtx", "2023-09-20T11:02:40.7000000Z")]:
    f("Windows/System32/winevt/Logs/" + n,
      {"created": c, "modified": "2024-03-13T23:59:58.0000000Z", "accessed": "2024-03-13T23:59:58.0000000Z",
       "changed": "2024-03-13T23:59:58.0000000Z"}, fn={"created": c}, file="${LOGDIR}/" + n)

MANIFEST = {
    "_comment": "Reference case FIN-WS042 (corpus/scenario/FACTS.md). Generated by "
                "corpus/scenario/mkmanifest-ntfs.py; built by corpus/scenario/mkreference.sh with "
                "corpus/mkntfsimg; ${PAYLOAD}, ${LOGDIR} and ${ARTDIR} come from its command line.",
    "volume": {"size": "320M", "cluster_size": 4096, "label": "OS", "serial": "0x6A1C0F3E82D45B97",
               "partition_start": 2048, "reuse_mft_records": False, "format_time": "2023-09-14T08:19:52.6630000Z",
               "close_time": "2024-03-14T00:00:00.0000000Z"},
    "usn_journal": {"created": "2023-09-14T08:41:00.0000000Z", "max_size": "32M", "allocation_delta": "8M",
                    "first_usn": 1048576},
    "entries": E}
json.dump(MANIFEST, sys.stdout, indent=1, ensure_ascii=True)
sys.stdout.write("\n")
