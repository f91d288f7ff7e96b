using System.Buffers.Binary;
using PortWatch.Netlink;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>
/// A classic BPF interpreter for the instructions <see cref="DestroyFilter"/> uses (absolute loads, jumps on a
/// constant, returns), written from the BPF specification to run the filter's program in tests. Loads outside the
/// packet return 0 (drop), as the kernel's do.
/// </summary>
internal static class BpfMachine
{
    public static uint Run(ReadOnlySpan<NetlinkSyscalls.BpfInstruction> program, ReadOnlySpan<byte> packet)
    {
        uint accumulator = 0;
        for (var pc = 0; pc < program.Length; pc++)
        {
            var instruction = program[pc];
            switch (instruction.Code)
            {
                case 0x28: // ld half, network order
                    if (instruction.K + 2 > packet.Length)
                    {
                        return 0;
                    }

                    accumulator = BinaryPrimitives.ReadUInt16BigEndian(packet[(int)instruction.K..]);
                    break;
                case 0x20: // ld word, network order
                    if (instruction.K + 4 > packet.Length)
                    {
                        return 0;
                    }

                    accumulator = BinaryPrimitives.ReadUInt32BigEndian(packet[(int)instruction.K..]);
                    break;
                case 0x15:
                    pc += accumulator == instruction.K ? instruction.JumpTrue : instruction.JumpFalse;
                    break;
                case 0x35:
                    pc += accumulator >= instruction.K ? instruction.JumpTrue : instruction.JumpFalse;
                    break;
                case 0x25:
                    pc += accumulator > instruction.K ? instruction.JumpTrue : instruction.JumpFalse;
                    break;
                case 0x06:
                    return instruction.K;
                default:
                    throw new InvalidOperationException($"instruction {instruction.Code:x} at {pc} is not one the filter uses");
            }
        }

        throw new InvalidOperationException("the program ran off its end");
    }
}
