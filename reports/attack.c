/*
 * attack.c - names of MITRE ATT&CK (Enterprise) techniques and the tactic
 * each is listed under first, so the report can say "T1059.001 PowerShell
 * (Execution)" instead of a bare ID. The table is data: add a row when the
 * analysis or a Sigma rule cites a technique that is missing; an unknown
 * ID is shown without a name, never guessed.
 */
#include "compat.h"

#include "report-int.h"

static const struct rp_attack attack[] = {
	{ "T1003", "OS Credential Dumping", "Credential Access" },
	{ "T1003.001", "LSASS Memory", "Credential Access" },
	{ "T1003.002", "Security Account Manager", "Credential Access" },
	{ "T1005", "Data from Local System", "Collection" },
	{ "T1007", "System Service Discovery", "Discovery" },
	{ "T1012", "Query Registry", "Discovery" },
	{ "T1016", "System Network Configuration Discovery", "Discovery" },
	{ "T1018", "Remote System Discovery", "Discovery" },
	{ "T1021", "Remote Services", "Lateral Movement" },
	{ "T1021.001", "Remote Desktop Protocol", "Lateral Movement" },
	{ "T1021.002", "SMB/Windows Admin Shares", "Lateral Movement" },
	{ "T1021.006", "Windows Remote Management", "Lateral Movement" },
	{ "T1027", "Obfuscated Files or Information", "Defense Evasion" },
	{ "T1033", "System Owner/User Discovery", "Discovery" },
	{ "T1036", "Masquerading", "Defense Evasion" },
	{ "T1036.005", "Match Legitimate Name or Location", "Defense Evasion" },
	{ "T1041", "Exfiltration Over C2 Channel", "Exfiltration" },
	{ "T1047", "Windows Management Instrumentation", "Execution" },
	{ "T1048", "Exfiltration Over Alternative Protocol", "Exfiltration" },
	{ "T1049", "System Network Connections Discovery", "Discovery" },
	{ "T1053", "Scheduled Task/Job", "Execution" },
	{ "T1053.005", "Scheduled Task", "Execution" },
	{ "T1055", "Process Injection", "Defense Evasion" },
	{ "T1056.001", "Keylogging", "Collection" },
	{ "T1057", "Process Discovery", "Discovery" },
	{ "T1059", "Command and Scripting Interpreter", "Execution" },
	{ "T1059.001", "PowerShell", "Execution" },
	{ "T1059.003", "Windows Command Shell", "Execution" },
	{ "T1059.005", "Visual Basic", "Execution" },
	{ "T1059.007", "JavaScript", "Execution" },
	{ "T1069", "Permission Groups Discovery", "Discovery" },
	{ "T1070", "Indicator Removal", "Defense Evasion" },
	{ "T1070.001", "Clear Windows Event Logs", "Defense Evasion" },
	{ "T1070.004", "File Deletion", "Defense Evasion" },
	{ "T1070.006", "Timestomp", "Defense Evasion" },
	{ "T1071", "Application Layer Protocol", "Command and Control" },
	{ "T1071.001", "Web Protocols", "Command and Control" },
	{ "T1071.004", "DNS", "Command and Control" },
	{ "T1078", "Valid Accounts", "Defense Evasion" },
	{ "T1078.002", "Domain Accounts", "Defense Evasion" },
	{ "T1078.003", "Local Accounts", "Defense Evasion" },
	{ "T1082", "System Information Discovery", "Discovery" },
	{ "T1083", "File and Directory Discovery", "Discovery" },
	{ "T1087", "Account Discovery", "Discovery" },
	{ "T1090", "Proxy", "Command and Control" },
	{ "T1098", "Account Manipulation", "Persistence" },
	{ "T1105", "Ingress Tool Transfer", "Command and Control" },
	{ "T1106", "Native API", "Execution" },
	{ "T1110", "Brute Force", "Credential Access" },
	{ "T1112", "Modify Registry", "Defense Evasion" },
	{ "T1113", "Screen Capture", "Collection" },
	{ "T1133", "External Remote Services", "Initial Access" },
	{ "T1134", "Access Token Manipulation", "Privilege Escalation" },
	{ "T1136", "Create Account", "Persistence" },
	{ "T1136.001", "Local Account", "Persistence" },
	{ "T1140", "Deobfuscate/Decode Files or Information", "Defense Evasion" },
	{ "T1190", "Exploit Public-Facing Application", "Initial Access" },
	{ "T1195", "Supply Chain Compromise", "Initial Access" },
	{ "T1195.002", "Compromise Software Supply Chain", "Initial Access" },
	{ "T1197", "BITS Jobs", "Defense Evasion" },
	{ "T1202", "Indirect Command Execution", "Defense Evasion" },
	{ "T1204", "User Execution", "Execution" },
	{ "T1204.002", "Malicious File", "Execution" },
	{ "T1218", "System Binary Proxy Execution", "Defense Evasion" },
	{ "T1218.005", "Mshta", "Defense Evasion" },
	{ "T1218.010", "Regsvr32", "Defense Evasion" },
	{ "T1218.011", "Rundll32", "Defense Evasion" },
	{ "T1219", "Remote Access Software", "Command and Control" },
	{ "T1222", "File and Directory Permissions Modification", "Defense Evasion" },
	{ "T1482", "Domain Trust Discovery", "Discovery" },
	{ "T1486", "Data Encrypted for Impact", "Impact" },
	{ "T1489", "Service Stop", "Impact" },
	{ "T1490", "Inhibit System Recovery", "Impact" },
	{ "T1505.003", "Web Shell", "Persistence" },
	{ "T1543", "Create or Modify System Process", "Persistence" },
	{ "T1543.003", "Windows Service", "Persistence" },
	{ "T1546", "Event Triggered Execution", "Persistence" },
	{ "T1546.003", "WMI Event Subscription", "Persistence" },
	{ "T1547", "Boot or Logon Autostart Execution", "Persistence" },
	{ "T1547.001", "Registry Run Keys / Startup Folder", "Persistence" },
	{ "T1548.002", "Bypass User Account Control", "Privilege Escalation" },
	{ "T1550.002", "Pass the Hash", "Lateral Movement" },
	{ "T1553.005", "Mark-of-the-Web Bypass", "Defense Evasion" },
	{ "T1558.003", "Kerberoasting", "Credential Access" },
	{ "T1560", "Archive Collected Data", "Collection" },
	{ "T1562", "Impair Defenses", "Defense Evasion" },
	{ "T1562.001", "Disable or Modify Tools", "Defense Evasion" },
	{ "T1562.002", "Disable Windows Event Logging", "Defense Evasion" },
	{ "T1562.010", "Downgrade Attack", "Defense Evasion" },
	{ "T1564", "Hide Artifacts", "Defense Evasion" },
	{ "T1564.003", "Hidden Window", "Defense Evasion" },
	{ "T1566", "Phishing", "Initial Access" },
	{ "T1566.001", "Spearphishing Attachment", "Initial Access" },
	{ "T1567", "Exfiltration Over Web Service", "Exfiltration" },
	{ "T1569", "System Services", "Execution" },
	{ "T1569.002", "Service Execution", "Execution" },
	{ "T1570", "Lateral Tool Transfer", "Lateral Movement" },
	{ "T1572", "Protocol Tunneling", "Command and Control" },
	{ "T1574.002", "DLL Side-Loading", "Persistence" },
	{ "T1620", "Reflective Code Loading", "Defense Evasion" },
};

const struct rp_attack *
rp_attack_find(const char *id, size_t n)
{
	size_t i;
	char up[16];

	/* Sigma tags write attack.t1059.001: compare without case. */
	if (n == 0 || n >= sizeof(up))
		return NULL;
	for (i = 0; i < n; i++)
		up[i] = (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
	up[n] = '\0';
	for (i = 0; i < CT_ARRAY_SIZE(attack); i++)
		if (strcmp(attack[i].id, up) == 0)
			return &attack[i];
	return NULL;
}
