namespace PortWatch.Security;

/// <summary>
/// Where bcrypt checks wait for the one core they may take: one runs at a time in the process, and at most
/// <see cref="MaxWaiting"/> wait behind it. A check beyond that is refused at once (<see cref="Throttled"/> counts
/// it; the request gets 429), so that a flood of wrong passwords holds a bounded queue, not one that grows with the
/// connections, and a request never waits longer than <see cref="MaxWaiting"/> checks. A compare-and-swap on a
/// counter decides, as <c>--web.max-requests</c> does. Cached credentials never come here.
/// </summary>
internal sealed class BcryptQueue(int maxWaiting = BcryptQueue.DefaultMaxWaiting)
{
    /// <summary>Checks that may wait behind the running one: at cost 10 (about 70 ms here) a wait of 0.6 s at most.</summary>
    public const int DefaultMaxWaiting = 8;

    /// <summary>One bcrypt check at a time in the process, whichever queue (a test's, the exporter's) asks.</summary>
    private static readonly SemaphoreSlim One = new(1, 1);

    private int admitted;
    private long throttled;

    public int MaxWaiting => maxWaiting;

    /// <summary>Checks running or waiting now.</summary>
    public int Admitted => Volatile.Read(ref admitted);

    /// <summary>Checks refused since the start because <see cref="MaxWaiting"/> were waiting.</summary>
    public long Throttled => Interlocked.Read(ref throttled);

    /// <summary>Takes a place (running or waiting), or returns false and counts a refusal when all are taken.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var current = Volatile.Read(ref admitted);
            if (current > maxWaiting)
            {
                Interlocked.Increment(ref throttled);
                return false;
            }

            if (Interlocked.CompareExchange(ref admitted, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back the place <see cref="TryEnter"/> took.</summary>
    public void Exit() => Interlocked.Decrement(ref admitted);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>; null, at once, when the queue is full.</summary>
    public async ValueTask<bool?> VerifyAsync(string password, string hash, CancellationToken cancellationToken)
    {
        if (!TryEnter())
        {
            return null;
        }

        try
        {
            await One.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return BCrypt.Net.BCrypt.Verify(password, hash);
            }
            finally
            {
                One.Release();
            }
        }
        finally
        {
            Exit();
        }
    }
}
