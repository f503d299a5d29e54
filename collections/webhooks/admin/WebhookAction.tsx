'use client'
/**
 * A button in the sidebar of a webhook or a delivery that runs one of the admin actions —
 * send a test event, redeliver — through the same REST endpoint the API offers, and says what
 * happened.
 */
import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useState } from 'react'

type Props = { action: 'redeliver' | 'test'; collection: string; label: string }

function WebhookAction({ action, collection, label }: Props) {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const [message, setMessage] = useState('')
  if (id === undefined || id === null) return null
  const run = async () => {
    setMessage('Queuing…')
    const response = await fetch(`${config.serverURL}${config.routes.api}/${collection}/${id}/${action}`, { credentials: 'include', method: 'POST' })
    const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] }
    setMessage(response.ok ? 'Queued: it goes out within a few seconds.' : (body.errors?.[0]?.message ?? `Failed (${response.status}).`))
  }
  return (
    <div className="field-type" data-testid={`webhook-${action}`} style={{ marginBottom: 'var(--base)' }}>
      <Button buttonStyle="secondary" onClick={() => void run()} size="small">
        {label}
      </Button>
      {message ? <p role="status">{message}</p> : null}
    </div>
  )
}

export const SendTestEvent = () => <WebhookAction action="test" collection="webhooks" label="Send a test event" />
export const Redeliver = () => <WebhookAction action="redeliver" collection="webhook-deliveries" label="Redeliver" />
