package edu.attendance.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secret key files of the embedded run (token signing, session secrets, VAPID): read when present, else
 * generated, written owner-only and moved into place atomically, so a crash never leaves half a key.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The file's text; when it does not exist, {@code generate}'s, written first. */
    public static String loadOrCreate(Path file, Supplier<String> generate) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String content = generate.get();
            Path tmp = ownerOnlyTemp(file, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the key file " + file, e);
        }
    }

    /** Replaces the file's text at once (owner-only, moved into place atomically): a reader sees the old or the new. */
    public static void replace(Path file, String content) {
        try {
            Files.move(ownerOnlyTemp(file, content), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + file, e);
        }
    }

    private static Path ownerOnlyTemp(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return tmp;
    }
}
