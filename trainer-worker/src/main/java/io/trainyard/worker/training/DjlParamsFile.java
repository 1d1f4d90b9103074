package io.trainyard.worker.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a params file written by DJL's {@code Model.save} into a block built by {@link Networks}.
 * The format: the ASCII magic {@code DJL@}, int version (1), UTF model name, UTF data type, the input
 * descriptions (int count, then UTF name and encoded shape each), the model properties (int count, then
 * UTF key and UTF value each) and finally the block's parameter stream ({@code Block.loadParameters}).
 * The same as {@code BaseModel.readParameters}, which is not public.
 */
public final class DjlParamsFile {
    private static final int VERSION = 1;

    private DjlParamsFile() {
    }

    public static void readInto(Path file, Block block, NDManager manager) throws IOException,
            MalformedModelException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!"DJL@".equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new MalformedModelException(file.getFileName() + " is not a DJL params file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new MalformedModelException("unsupported DJL params version " + version);
            }
            in.readUTF(); // model name
            in.readUTF(); // data type
            int inputs = in.readInt();
            for (int i = 0; i < inputs; i++) {
                in.readUTF();
                Shape.decode(in);
            }
            int properties = in.readInt();
            for (int i = 0; i < properties; i++) {
                in.readUTF();
                in.readUTF();
            }
            block.loadParameters(manager, in);
        }
    }
}
