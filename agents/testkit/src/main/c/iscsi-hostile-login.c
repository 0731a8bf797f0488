// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A hostile initiator for tests: logs in to one target with an initiator name and alias given on the command
 * line (line breaks, control characters and all) and holds the session until it is killed (at most 10
 * minutes). Prints "logged-in" once the login completed, so a test knows the nexus exists.
 *
 *   iscsi-hostile-login PORTAL TARGET-IQN INITIATOR-NAME ALIAS
 *
 * Built by the tests with `gcc -O2 -Wall -o iscsi-hostile-login iscsi-hostile-login.c -liscsi`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <iscsi/iscsi.h>

int main(int argc, char **argv)
{
	struct iscsi_context *iscsi;
	int held;

	if (argc != 5) {
		fprintf(stderr, "usage: %s PORTAL TARGET-IQN INITIATOR-NAME ALIAS\n", argv[0]);
		return 2;
	}
	iscsi = iscsi_create_context(argv[3]);
	if (iscsi == NULL) {
		fprintf(stderr, "cannot create an iSCSI context\n");
		return 1;
	}
	if (iscsi_set_alias(iscsi, argv[4]) != 0 || iscsi_set_targetname(iscsi, argv[2]) != 0
	    || iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL) != 0) {
		fprintf(stderr, "cannot set up the login: %s\n", iscsi_get_error(iscsi));
		return 1;
	}
	if (iscsi_full_connect_sync(iscsi, argv[1], 0) != 0) {
		fprintf(stderr, "login failed: %s\n", iscsi_get_error(iscsi));
		return 1;
	}
	printf("logged-in\n");
	fflush(stdout);
	/* hold the session: tgtd keeps the I_T nexus while the connection lives */
	for (held = 0; held < 600; held++)
		sleep(1);
	iscsi_logout_sync(iscsi);
	iscsi_destroy_context(iscsi);
	return 0;
}
