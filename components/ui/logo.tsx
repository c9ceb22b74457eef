export function Logo({ className = '' }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-6 w-6">
        <defs>
          <linearGradient id="alpenglow-sky" x1="0" x2="0" y1="0" y2="1">
            <stop offset="0" stopColor="#f0642c" />
            <stop offset="1" stopColor="#f9b97f" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="7" fill="url(#alpenglow-sky)" />
        <path d="M4 25 L12 12 L17 19 L21 14 L28 25 Z" fill="#fff" opacity="0.95" />
      </svg>
      Alpenglow
    </span>
  );
}
