package edu.attendance.launcher;

import java.nio.file.Path;

/**
 * {@code ./attendance backup DIR} and {@code ./attendance restore DIR} on {@code ATTENDANCE_DATA_DIR} (default
 * {@code data}): see {@link Backups}. Exit 0 done, 1 refused (running platform, damaged backup, non-empty target),
 * 2 wrong usage.
 */
final class BackupCommand {

    private BackupCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println("usage: ./attendance backup DIR     (the stopped platform's data directory into DIR, new or empty)\n"
                    + "       ./attendance restore DIR    (a backup in DIR into ATTENDANCE_DATA_DIR, new or empty)");
            System.exit(2);
        }
        Path data = Path.of(System.getenv().getOrDefault("ATTENDANCE_DATA_DIR", "data")).toAbsolutePath();
        Path dir = Path.of(args[1]).toAbsolutePath();
        try {
            if (args[0].equals("backup")) {
                Backups.Summary s = Backups.backup(data, dir);
                System.out.println("Backed up " + data + " into " + dir + ": " + Backups.describe(s));
            } else {
                Backups.Summary s = Backups.restore(dir, data);
                System.out.println("Restored " + dir + " into " + data + ": " + Backups.describe(s)
                        + "\n./attendance run starts the platform on it.");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println(args[0] + " failed: " + e);
            System.exit(1);
        }
    }
}
