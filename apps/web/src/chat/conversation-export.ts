// Downloads a conversation as the server writes it (conversations.export, REST only): fetched with
// the token in a header, since a plain link cannot carry one, and saved from a blob: address.
import { apiContract, type TExportConversationRequest } from '@coditect/api/contract';
import { restUrl, type RestClient } from '../api/rest-client';

export type ExportFormat = TExportConversationRequest['format'];

const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json' };

/** The file name the server suggests in Content-Disposition, else one made from the title. */
export function exportFileName(disposition: string | null, title: string, format: ExportFormat): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: fall through to the plain one.
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '')?.[1];
  if (plain) return plain;
  const stem = title.replace(/[^\p{L}\p{N}_ -]+/gu, '').trim() || 'conversation';
  return `${stem}.${EXTENSIONS[format]}`;
}

export async function downloadConversation(
  rest: RestClient,
  conversation: { conversation_id: string; title: string },
  format: ExportFormat,
): Promise<void> {
  const path = restUrl(apiContract.conversations.export.meta.rest, { conversation_id: conversation.conversation_id });
  const response = await rest.fetch(`${path}?${new URLSearchParams({ format }).toString()}`);
  const name = exportFileName(response.headers.get('content-disposition'), conversation.title, format);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click starts the download synchronously; the address is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
