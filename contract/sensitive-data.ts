/** The sensitive categories the guard (P07) detects, shared so the settings page and errors name them as the server does. */
export type SensitiveCategory = 'payment_card' | 'card_security_code' | 'bank_account' | 'government_id' | 'password' | 'health';

/** Every category, in the order reports list them. */
export const SENSITIVE_CATEGORIES: readonly SensitiveCategory[] = ['payment_card', 'card_security_code', 'bank_account', 'government_id', 'password', 'health'];

/** What people see in reports, errors and `[redacted: …]` markers. */
export const SENSITIVE_CATEGORY_LABELS: Record<SensitiveCategory, string> = {
  payment_card: 'Payment card number',
  card_security_code: 'Card security code',
  bank_account: 'Bank account number',
  government_id: 'Government ID number',
  password: 'Password or secret',
  health: 'Health information',
};
